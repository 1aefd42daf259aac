package org.carechat.fuzz;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Every JSON body the API takes and every frame a client may send, with its shape. */
final class Shapes {

    /** A route taking a JSON body, e.g. {@code PATCH /api/v1/conversations/{id}}. */
    record Route(String method, String path, Shape body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A client frame: its {@code type} and its fields. */
    record Frame(String type, Shape.Fields fields) {}

    private Shapes() {}

    /** Every operation of the OpenAPI document whose request body is JSON. */
    static List<Route> routes(JsonNode openApi) {
        JsonNode components = openApi.path("components").path("schemas");
        List<Route> routes = new ArrayList<>();
        openApi.path("paths")
                .propertyStream()
                .forEach(path -> path.getValue().propertyStream().forEach(operation -> {
                    JsonNode json = operation
                            .getValue()
                            .path("requestBody")
                            .path("content")
                            .path("application/json");
                    if (!json.isMissingNode()) {
                        routes.add(new Route(
                                operation.getKey().toUpperCase(java.util.Locale.ROOT),
                                path.getKey(),
                                Shape.ofSchema(json.path("schema"), components, 0)));
                    }
                }));
        return routes;
    }

    /** Every frame type of {@code org.carechat.realtime.ClientFrame}, read from the sealed interface itself. */
    static List<Frame> frames() {
        Class<?> clientFrame;
        try {
            clientFrame = Class.forName("org.carechat.realtime.ClientFrame");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        List<Frame> frames = new ArrayList<>();
        for (JsonSubTypes.Type type :
                clientFrame.getAnnotation(JsonSubTypes.class).value()) {
            frames.add(new Frame(type.name(), (Shape.Fields) of(type.value())));
        }
        return frames;
    }

    private static Shape of(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return new Shape.ListOf(of(p.getActualTypeArguments()[0]));
        }
        if (type instanceof Class<?> c) {
            if (c == String.class) {
                return new Shape.Scalar("string", List.of());
            }
            if (c == long.class || c == Long.class || c == int.class || c == Integer.class) {
                return new Shape.Scalar("integer", List.of());
            }
            if (c == boolean.class || c == Boolean.class) {
                return new Shape.Scalar("boolean", List.of());
            }
            if (c.isRecord()) {
                Map<String, Shape> fields = new LinkedHashMap<>();
                for (RecordComponent component : c.getRecordComponents()) {
                    fields.put(component.getName(), of(component.getGenericType()));
                }
                return new Shape.Fields(fields);
            }
        }
        return Shape.ANY;
    }
}
