package org.carechat.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.TreeMap;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Audits every "not found" a signed-in caller gets from an API route: an id of another organisation and an id that
 * does not exist are answered alike (404, the same sentence) and audited alike, as an {@code ACCESS_DENIED} refusal
 * with the reason {@code not_found}, the route and the ids it was given (shortened). So probing another
 * organisation's ids leaves a trail in the caller's organisation, and the trail tells its admins no more than the
 * caller was told. A refusal that its feature already audited ({@link ApiProblem#audited()}: a conversation the caller
 * is not in, an attachment outside its conversation) is not written twice.
 */
@Component
class NotFoundRefusals implements HandlerInterceptor, WebMvcConfigurer {

    static final int MAX_ID_LENGTH = 80;

    private final AuditLog audit;

    NotFoundRefusals(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (response.getStatus() != HttpStatus.NOT_FOUND.value()
                || !(handler instanceof HandlerMethod)
                || request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE) instanceof ApiProblem p
                        && p.isAudited()) {
            return;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof CurrentUser caller)) {
            return;
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        var refusal = caller.audit(AuditType.ACCESS_DENIED)
                .target("route", request.getMethod() + " " + pattern)
                .detail("reason", "not_found");
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> ids) {
            Map<String, String> given = new TreeMap<>();
            ids.forEach((name, value) -> given.put(String.valueOf(name), shortened(String.valueOf(value))));
            given.forEach(refusal::detail);
        }
        audit.refused(refusal);
    }

    static String shortened(String id) {
        return id.length() <= MAX_ID_LENGTH ? id : id.substring(0, MAX_ID_LENGTH) + "…";
    }
}
