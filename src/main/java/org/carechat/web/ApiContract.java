package org.carechat.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/**
 * Completes the generated OpenAPI document from the contract files in {@code resources/openapi/}: each route's
 * answers ({@code routes.yml}: success statuses with their descriptions and media types, every error status as an RFC
 * 9457 problem) and request example, and a description for every schema and property ({@code schemas.yml}). Kept in
 * two files rather than annotations on every controller, so that the contract reads as one table and the controllers
 * stay short; {@code ApiContractTest} fails when a route, a request body or a property is left out, and
 * {@code ApiContractConformanceCheck} when a route answers a status the contract does not list.
 */
@Component
class ApiContract implements OpenApiCustomizer {

    static final String PROBLEM = "ProblemDetail";
    static final String PROBLEM_JSON = "application/problem+json";

    private static final Map<String, String> ERROR_DESCRIPTIONS = Map.ofEntries(
            Map.entry(
                    "400",
                    "The input is not valid: `detail` says what to change (`errors` names each field); "
                            + "nothing was stored"),
            Map.entry("401", "No session cookie or bearer token, or one that is expired, revoked or not valid"),
            Map.entry(
                    "403",
                    "Signed in, but the role, the conversation's rules or a pending step (a first password, "
                            + "a second factor to set up, the CSRF header) does not allow this"),
            Map.entry("404", "No such thing in the caller's organisation, or one the caller may not see"),
            Map.entry("409", "Conflicts with the current state (a name or username taken, a step already done)"),
            Map.entry("413", "The body or file is larger than the limit named in `detail`"),
            Map.entry("415", "The body's media type, or a file's content type, is not accepted"),
            Map.entry(
                    "429",
                    "A rate limit or the node's capacity is reached: retry after `Retry-After` seconds "
                            + "(also `retryAfter`); nothing was stored"),
            Map.entry(
                    "503",
                    "The server is busy (no database connection in time): retry after `Retry-After` "
                            + "seconds; nothing was stored"));

    private final Map<String, Object> routes;
    private final Map<String, Object> schemas;

    ApiContract() {
        this.routes = load("openapi/routes.yml");
        this.schemas = load("openapi/schemas.yml");
    }

    @Override
    public void customise(OpenAPI api) {
        api.getComponents().addSchemas(PROBLEM, problemSchema());
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap()
                        .forEach((method, operation) -> completeOperation(method + " " + path, operation)));
        describeSchemas(api.getComponents().getSchemas());
    }

    @SuppressWarnings("unchecked")
    private void completeOperation(String route, Operation operation) {
        Map<String, Object> contract = (Map<String, Object>) routes.get(route);
        if (contract == null) {
            return; // ApiContractTest names it
        }
        Schema<?> success = successSchema(operation.getResponses());
        ApiResponses responses = new ApiResponses();
        Map<String, Object> ok = (Map<String, Object>) contract.getOrDefault("success", Map.of());
        ok.forEach((status, value) -> responses.addApiResponse(status, successResponse(status, value, success)));
        for (Object status : (List<Object>) contract.getOrDefault("errors", List.of())) {
            String code = String.valueOf(status);
            responses.addApiResponse(code, problemResponse(code, contract));
        }
        operation.setResponses(responses);
        Object example = contract.get("example");
        if (example != null && operation.getRequestBody() != null) {
            operation.getRequestBody().getContent().values().forEach(media -> media.setExample(example));
        }
        if (contract.get("description") instanceof String description) {
            operation.setDescription(description);
        }
    }

    @SuppressWarnings("unchecked")
    private static ApiResponse successResponse(String status, Object value, Schema<?> schema) {
        Map<String, Object> answer = value instanceof Map<?, ?> map
                ? (Map<String, Object>) map
                : Map.of("description", String.valueOf(value));
        ApiResponse response = new ApiResponse().description((String) answer.get("description"));
        Object mediaTypes = answer.getOrDefault("mediaType", "application/json");
        if (status.equals("204") || "none".equals(mediaTypes)) {
            return response;
        }
        Content content = new Content();
        for (Object mediaType : mediaTypes instanceof List<?> list ? list : List.of(mediaTypes)) {
            String type = String.valueOf(mediaType);
            boolean json = type.endsWith("json");
            Schema<?> body = json && schema != null ? schema : new StringSchema().format(json ? null : "binary");
            content.addMediaType(type, new MediaType().schema(body));
        }
        return response.content(content);
    }

    @SuppressWarnings("unchecked")
    private static ApiResponse problemResponse(String status, Map<String, Object> contract) {
        Map<String, Object> notes = (Map<String, Object>) contract.getOrDefault("notes", Map.of());
        String description = notes.containsKey(status)
                ? String.valueOf(notes.get(status))
                : ERROR_DESCRIPTIONS.getOrDefault(status, "An error; `detail` says which");
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    /** The body springdoc inferred from the handler's return type (documented under 200 or 201). */
    private static Schema<?> successSchema(ApiResponses generated) {
        if (generated == null) {
            return null;
        }
        return generated.values().stream()
                .filter(r -> r.getContent() != null)
                .flatMap(r -> r.getContent().values().stream())
                .map(MediaType::getSchema)
                .filter(s -> s != null)
                .findFirst()
                .orElse(null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void describeSchemas(Map<String, Schema> all) {
        Map<String, Object> common = (Map<String, Object>) schemas.getOrDefault("properties", Map.of());
        Map<String, Object> own = (Map<String, Object>) schemas.getOrDefault("schemas", Map.of());
        all.forEach((name, schema) -> {
            Map<String, Object> entry = (Map<String, Object>) own.getOrDefault(name, Map.of());
            if (entry.get("description") instanceof String description) {
                schema.setDescription(description);
            }
            Map<String, Object> properties = (Map<String, Object>) entry.getOrDefault("properties", Map.of());
            if (schema.getProperties() == null) {
                return;
            }
            ((Map<String, Schema>) schema.getProperties()).forEach((property, propertySchema) -> {
                if (propertySchema.getDescription() != null) {
                    return;
                }
                Object text = properties.containsKey(property) ? properties.get(property) : common.get(property);
                if (text != null) {
                    propertySchema.setDescription(String.valueOf(text));
                }
            });
        });
    }

    /** The RFC 9457 problem detail every error answer carries. */
    private static Schema<?> problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new StringSchema().description("A URI naming the kind of problem; about:blank here"));
        properties.put("title", new StringSchema().description("The HTTP status's short name, e.g. Bad Request"));
        properties.put("status", new IntegerSchema().description("The HTTP status code, repeated"));
        properties.put(
                "detail",
                new StringSchema()
                        .description("What went wrong and what to change, for a person to read; never "
                                + "quotes clinical content"));
        properties.put("instance", new StringSchema().description("The path of the request that failed"));
        properties.put("requestId", new StringSchema().description("The request's id, as in X-Request-Id and the log"));
        properties.put(
                "retryAfter", new IntegerSchema().description("With 429 and 503: seconds to wait before retrying"));
        properties.put(
                "errors",
                new ArraySchema()
                        .items(new ObjectSchema()
                                .addProperty("field", new StringSchema().description("The field or parameter"))
                                .addProperty("message", new StringSchema().description("What is wrong with it")))
                        .description("With 400 for invalid fields: one entry per field"));
        Schema<?> problem = new ObjectSchema()
                .description("An error answer (RFC 9457 problem details), sent as application/problem+json");
        problem.setProperties(properties);
        problem.setRequired(List.of("status", "detail"));
        return problem;
    }

    private static Map<String, Object> load(String resource) {
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            Map<String, Object> loaded = new Yaml().load(in);
            return loaded == null ? Map.of() : loaded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> routes() {
        return routes;
    }
}
