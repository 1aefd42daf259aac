package org.carechat.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON text for a {@link Shape} from fuzz input: mostly values of the right type (fixture ids, text of every
 * kind, boundary numbers), sometimes the wrong type, a missing or unknown field, a field written twice, a value nested
 * deeper than expected, or text that is not JSON at all. What it writes is JSON text, not an object, so it can say what
 * a serialiser never would.
 */
final class JsonFuzzer {

    private final FuzzInput in;
    private final List<String> ids;

    /** @param ids ids that exist, so that some requests get past the lookups */
    JsonFuzzer(FuzzInput in, List<String> ids) {
        this.in = in;
        this.ids = ids;
    }

    /** A body for {@code shape}: usually an object of its fields, now and then something else entirely. */
    String body(Shape shape) {
        return switch (in.pick(20)) {
            case 0 -> in.text(200);
            case 1 -> any(0);
            default -> value(shape, 0);
        };
    }

    String value(Shape shape, int depth) {
        if (depth > 4 || in.chance(8)) {
            return any(depth);
        }
        return switch (shape) {
            case Shape.Fields object -> object(object.fields(), depth);
            case Shape.ListOf list -> list(list.items(), depth);
            case Shape.Scalar scalar -> scalar(scalar);
        };
    }

    private String object(Map<String, Shape> fields, int depth) {
        List<String> members = new ArrayList<>();
        fields.forEach((name, field) -> {
            if (in.chance(75)) {
                members.add(quote(name) + ":" + value(field, depth + 1));
            }
        });
        if (!fields.isEmpty() && in.chance(4)) {
            String name = new ArrayList<>(fields.keySet()).get(in.pick(fields.size()));
            members.add(quote(name) + ":" + value(fields.get(name), depth + 1));
        }
        if (in.chance(6)) {
            members.add(quote(in.chance(50) ? "hidden" : in.text(60)) + ":" + any(depth + 1));
        }
        return "{" + String.join(",", shuffled(members)) + "}";
    }

    private String list(Shape items, int depth) {
        List<String> values = new ArrayList<>();
        int n = in.pick(in.chance(5) ? 200 : 5);
        for (int i = 0; i < n; i++) {
            values.add(value(items, depth + 1));
        }
        return "[" + String.join(",", values) + "]";
    }

    private String scalar(Shape.Scalar scalar) {
        if (!scalar.allowed().isEmpty() && in.chance(80)) {
            return quote(scalar.allowed().get(in.pick(scalar.allowed().size())));
        }
        return switch (scalar.type()) {
            case "string" -> quote(text());
            case "integer" -> Long.toString(in.integer());
            case "number" -> in.chance(50) ? Long.toString(in.integer()) : Double.toString(in.decimal());
            case "boolean" -> in.chance(50) ? "true" : "false";
            default -> any(0);
        };
    }

    /** Text for a string field: an id that exists, a plausible value, or anything. */
    String text() {
        return switch (in.pick(10)) {
            case 0, 1, 2 -> ids.get(in.pick(ids.size()));
            case 3 -> "";
            case 4 ->
                List.of("+447412345678", "020 7946 0000", "a@example.org", "1970-01-01", "08:00", "UTC", "sms")
                        .get(in.pick(7));
            case 5 -> "x".repeat(in.pick(10_000));
            default -> in.text(300);
        };
    }

    /** Any JSON value at all. */
    private String any(int depth) {
        return switch (in.pick(depth > 3 ? 6 : 8)) {
            case 0 -> "null";
            case 1 -> in.chance(50) ? "true" : "false";
            case 2 -> Long.toString(in.integer());
            case 3 -> Double.toString(in.decimal());
            case 4 -> "1e999999";
            case 5 -> quote(text());
            case 6 -> "[" + any(depth + 1) + "," + any(depth + 1) + "]";
            default -> "{" + quote(in.text(20)) + ":" + any(depth + 1) + "}";
        };
    }

    private List<String> shuffled(List<String> members) {
        List<String> out = new ArrayList<>(members);
        for (int i = out.size() - 1; i > 0; i--) {
            java.util.Collections.swap(out, i, in.pick(i + 1));
        }
        return out;
    }

    /** A JSON string literal, every character escaped as JSON requires (lone surrogates as \\u escapes too). */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
