package org.carechat.web;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Turns every failure of an API call into an RFC 9457 problem detail. Validation failures list each field
 * with what is wrong; unexpected failures say only that something went wrong and which request id to quote,
 * because their messages may hold data that must not leave the server.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.status());
        ProblemDetail body = detail(problem.status(), problem.getMessage());
        if (problem.retryAfterSeconds() > 0) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
            body.setProperty("retryAfter", problem.retryAfterSeconds());
        }
        return answer.body(body);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", leaf(v.getPropertyPath().toString()), "message", v.getMessage()))
                .toList();
        ProblemDetail body = detail(HttpStatus.BAD_REQUEST, "The request has invalid fields: " + summary(errors));
        body.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest()
                .body(detail(HttpStatus.BAD_REQUEST, "Parameter '" + e.getName() + "' has an invalid value"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (ApiProblem.isBusy(e)) {
            // No database connection came free in time: the server is overloaded, and nothing was done.
            return apiProblem(ApiProblem.busy());
        }
        // The exception class only: messages of driver or library exceptions can quote the data they failed on.
        log.error("unexpected failure: {}", SafeLog.describe(e));
        return ResponseEntity.internalServerError()
                .body(detail(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "Something went wrong on the server; nothing was changed by the failed step. "
                                + "Quote request id " + MDC.get(RequestIdFilter.MDC_KEY) + " when reporting it."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(ApiExceptionHandler::fieldError)
                .toList();
        ProblemDetail body = detail(HttpStatus.BAD_REQUEST, "The request has invalid fields: " + summary(errors));
        body.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err -> Map.of(
                                "field", String.valueOf(r.getMethodParameter().getParameterName()),
                                "message", String.valueOf(err.getDefaultMessage()))))
                .toList();
        ProblemDetail body = detail(HttpStatus.BAD_REQUEST, "The request has invalid parameters: " + summary(errors));
        body.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(body);
    }

    /**
     * A body that is not JSON of the route's shape: the problem names the field and what it must be ({@link
     * JsonInputProblem}), never quoting the value or the parser's message.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JacksonException json) {
                JsonInputProblem problem = JsonInputProblem.of(json);
                ProblemDetail body = detail(HttpStatus.BAD_REQUEST, problem.sentence("The request body"));
                body.setProperty("errors", List.of(problem.asError()));
                return ResponseEntity.badRequest().body(body);
            }
        }
        return ResponseEntity.badRequest()
                .body(detail(HttpStatus.BAD_REQUEST, "The request needs a JSON body of the route's shape"));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            problem.setProperty("requestId", MDC.get(RequestIdFilter.MDC_KEY));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    static ProblemDetail detail(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("requestId", MDC.get(RequestIdFilter.MDC_KEY));
        problem.setInstance(instance());
        return problem;
    }

    /**
     * The request's path as the problem's {@code instance} (Spring would set it so), with any segment that is not
     * shaped like an id replaced by {@code …}: a path is input, and an answer never quotes input at length.
     */
    private static URI instance() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (String segment : attributes.getRequest().getRequestURI().split("/", -1)) {
            if (!path.isEmpty() || !segment.isEmpty()) {
                path.append('/');
            }
            path.append(segment.isEmpty() || IdFormat.isValid(segment) ? segment : "%E2%80%A6");
        }
        try {
            return new URI(path.isEmpty() ? "/" : path.toString());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
    }

    private static String summary(List<Map<String, String>> errors) {
        return String.join(
                "; ",
                errors.stream()
                        .map(e -> e.get("field") + " " + e.get("message"))
                        .toList());
    }

    private static String leaf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
