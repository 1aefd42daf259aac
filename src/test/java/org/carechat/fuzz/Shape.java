package org.carechat.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The shape of a JSON value a route or a frame takes, as far as a fuzzer needs it: objects with named fields, lists,
 * and scalars (with their allowed values when they are an enumeration).
 */
sealed interface Shape {

    record Fields(Map<String, Shape> fields) implements Shape {}

    record ListOf(Shape items) implements Shape {}

    /** @param type {@code string}, {@code integer}, {@code number}, {@code boolean} or {@code any} */
    record Scalar(String type, List<String> allowed) implements Shape {}

    Shape ANY = new Scalar("any", List.of());

    /** The shape of an OpenAPI schema ({@code $ref}s resolved in {@code components.schemas}). */
    static Shape ofSchema(JsonNode schema, JsonNode components, int depth) {
        if (schema == null || schema.isMissingNode() || schema.isNull() || depth > 8) {
            return ANY;
        }
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asString().replaceFirst("^#/components/schemas/", "");
            return ofSchema(components.path(name), components, depth + 1);
        }
        String type = schema.path("type").asString("");
        if (type.equals("object") || schema.has("properties")) {
            Map<String, Shape> fields = new LinkedHashMap<>();
            schema.path("properties")
                    .propertyStream()
                    .forEach(e -> fields.put(e.getKey(), ofSchema(e.getValue(), components, depth + 1)));
            return new Fields(fields);
        }
        if (type.equals("array")) {
            return new ListOf(ofSchema(schema.get("items"), components, depth + 1));
        }
        List<String> allowed = new ArrayList<>();
        schema.path("enum").valueStream().forEach(v -> allowed.add(v.asString()));
        return new Scalar(type.isEmpty() ? "any" : type, allowed);
    }
}
