package org.carechat.patient;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV: comma-separated, fields optionally in double quotes, {@code ""} for a quote inside one,
 * line breaks allowed inside quotes, CRLF or LF line ends. Each row remembers the line it started on, for error
 * messages; blank lines are skipped.
 */
final class CsvReader {

    record Row(int line, List<String> fields) {}

    private CsvReader() {}

    /** @throws IllegalArgumentException for an unterminated quote, naming the line it opened on */
    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int rowStart = 1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && field.isEmpty()) {
                int quoteLine = line;
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("line " + quoteLine + " has a quote that is never closed");
                    }
                    char q = text.charAt(i);
                    if (q == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else if (q == '"') {
                        i++;
                        break;
                    } else {
                        if (q == '\n') {
                            line++;
                        }
                        field.append(q);
                        i++;
                    }
                }
                continue;
            }
            switch (c) {
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                }
                case '\n' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    addRow(rows, rowStart, fields);
                    fields = new ArrayList<>();
                    line++;
                    rowStart = line;
                }
                case '\r' -> {}
                default -> field.append(c);
            }
            i++;
        }
        fields.add(field.toString());
        addRow(rows, rowStart, fields);
        return rows;
    }

    private static void addRow(List<Row> rows, int line, List<String> fields) {
        if (!fields.stream().allMatch(String::isBlank)) {
            rows.add(new Row(line, List.copyOf(fields)));
        }
    }
}
