package org.carechat.web;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What is wrong with a JSON body or frame, for a person: the field (as a path such as {@code memberIds[2]}) and a
 * sentence in CareChat's words. Jackson's own message is never passed on: it names Java classes and quotes the input.
 * A field name the client made up is quoted only when it is short and plain ({@value #MAX_NAME} letters, digits or
 * {@code _}).
 *
 * @param field the path of the field, or null when the problem is the body as a whole
 */
public record JsonInputProblem(String field, String message) {

    static final int MAX_NAME = 40;
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_]{1," + MAX_NAME + "}");

    public static JsonInputProblem of(JacksonException e) {
        String field = path(e);
        return switch (e) {
            case UnrecognizedPropertyException unknown ->
                new JsonInputProblem(
                        field, "is not a field here; the fields are " + known(unknown.getKnownPropertyIds()));
            case InvalidTypeIdException type ->
                new JsonInputProblem(field == null ? "type" : field, "is missing or not a known type");
            case InvalidNullException nul -> new JsonInputProblem(field, "must not be null");
            case StrictJson.ForbiddenCharacter forbidden -> new JsonInputProblem(field, forbidden.getOriginalMessage());
            case MismatchedInputException mismatch -> new JsonInputProblem(field, "must be " + expected(mismatch));
            case StreamReadException syntax ->
                new JsonInputProblem(
                        null,
                        "is not valid JSON (check for a syntax error, a field written twice, or text after the end)");
            default -> new JsonInputProblem(field, "has a value that cannot be read");
        };
    }

    /**
     * One sentence: "Field 'body' must be text", or for the input as a whole "{@code whole} is not valid JSON (…)".
     *
     * @param whole what the input is called: "The request body", "It"
     */
    public String sentence(String whole) {
        return field == null ? whole + " " + message : "Field '" + field + "' " + message;
    }

    /** For a problem detail's {@code errors} list. */
    public Map<String, String> asError() {
        return Map.of("field", field == null ? "" : field, "message", message);
    }

    private static String expected(MismatchedInputException e) {
        Class<?> type = e.getTargetType();
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "text";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of "
                    + List.of(type.getEnumConstants()).stream()
                            .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT))
                            .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                String name = PLAIN_NAME.matcher(ref.getPropertyName()).matches()
                        ? ref.getPropertyName()
                        : "(a field with a long or unusual name)";
                path.append(path.isEmpty() ? "" : ".").append(name);
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String known(Collection<Object> names) {
        return names == null || names.isEmpty()
                ? "none"
                : names.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }
}
