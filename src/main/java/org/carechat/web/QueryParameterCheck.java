package org.carechat.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.beans.BeanUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses a query parameter the route does not take with 400 naming it and the ones it does, before the route runs:
 * a misspelt filter ({@code /audit?form=…} for {@code from}, {@code limt}) would otherwise be ignored and answered
 * as if it had not been given — an audit export of everything where a day was asked for. Only the query string is
 * looked at (form and multipart fields are the body's). Routes marked {@link OtherQueryParameters} take any.
 */
@Configuration(proxyBeanMethods = false)
class QueryParameterCheck implements WebMvcConfigurer, HandlerInterceptor {

    /** A name short and plain enough to quote back; anything else is "a parameter" without its name. */
    private static final Pattern QUOTABLE = Pattern.compile("[A-Za-z0-9_.\\-\\[\\]]{1,40}");

    private final DefaultParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();
    /** Per route method: the query parameters it takes, or empty when it takes any. */
    private final Map<Method, Optional<Set<String>>> taken = new ConcurrentHashMap<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String query = request.getQueryString();
        if (query == null || query.isEmpty() || !(handler instanceof HandlerMethod route)) {
            return true;
        }
        Optional<Set<String>> allowed = taken.computeIfAbsent(route.getMethod(), m -> takenBy(route));
        if (allowed.isEmpty()) {
            return true;
        }
        for (String pair : query.split("&")) {
            String name = decoded(pair.split("=", 2)[0]);
            if (!name.isEmpty() && !allowed.get().contains(name)) {
                throw ApiProblem.badRequest(refusal(name, allowed.get()));
            }
        }
        return true;
    }

    private Optional<Set<String>> takenBy(HandlerMethod route) {
        if (route.hasMethodAnnotation(OtherQueryParameters.class)) {
            return Optional.empty();
        }
        Set<String> params = new TreeSet<>();
        for (MethodParameter parameter : route.getMethodParameters()) {
            parameter.initParameterNameDiscovery(names);
            RequestParam annotated = parameter.getParameterAnnotation(RequestParam.class);
            if (annotated != null) {
                if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                    return Optional.empty(); // takes every parameter
                }
                params.add(annotated.name().isEmpty() ? parameter.getParameterName() : annotated.name());
            } else if (parameter.getParameterAnnotations().length == 0
                    && BeanUtils.isSimpleProperty(parameter.getParameterType())) {
                params.add(parameter.getParameterName()); // bound from the query without an annotation
            } else if (parameter.getParameterAnnotations().length == 0
                    && parameter.getParameterType().getPackageName().startsWith("org.carechat")) {
                return Optional.empty(); // an object bound from the query's fields: they are its properties
            }
        }
        return Optional.of(params);
    }

    private static String refusal(String name, Set<String> allowed) {
        String which = QUOTABLE.matcher(name).matches() ? "'" + name + "'" : "a parameter";
        return allowed.isEmpty()
                ? "This route takes no query parameters; remove " + which
                : "Unknown query parameter " + which + ": this route takes " + String.join(", ", allowed);
    }

    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return name;
        }
    }
}
