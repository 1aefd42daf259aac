package org.carechat.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The CareChat types the API's schemas come from: request bodies and answers of every controller, and their parts. */
final class SchemaClasses {

    private SchemaClasses() {}

    static Set<Class<?>> reachableFromControllers() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        Set<Class<?>> found = new LinkedHashSet<>();
        scanner.findCandidateComponents("org.carechat").forEach(bean -> {
            Class<?> controller = ClassUtils.resolveClassName(bean.getBeanClassName(), null);
            for (Method method : controller.getDeclaredMethods()) {
                if (!AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class)) {
                    continue;
                }
                collect(method.getGenericReturnType(), found);
                for (var parameter : method.getParameters()) {
                    if (parameter.isAnnotationPresent(RequestBody.class)) {
                        collect(parameter.getParameterizedType(), found);
                    }
                }
            }
        });
        return found;
    }

    /** The name springdoc gives {@code type}: its {@code @Schema(name)}, else its simple name. */
    static String schemaName(Class<?> type) {
        Schema schema = type.getAnnotation(Schema.class);
        return schema != null && !schema.name().isEmpty() ? schema.name() : type.getSimpleName();
    }

    private static void collect(Type type, Set<Class<?>> found) {
        if (type instanceof ParameterizedType generic) {
            for (Type argument : generic.getActualTypeArguments()) {
                collect(argument, found);
            }
            collect(generic.getRawType(), found);
        } else if (type instanceof Class<?> cls) {
            if (cls.isArray()) {
                collect(cls.getComponentType(), found);
            } else if (cls.getName().startsWith("org.carechat.") && !cls.isEnum() && found.add(cls)) {
                if (cls.isRecord()) {
                    for (RecordComponent component : cls.getRecordComponents()) {
                        collect(component.getGenericType(), found);
                    }
                }
            }
        }
    }
}
