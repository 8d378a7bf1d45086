package org.ecomkpi.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a KPI table export, an array of flat objects whose values are strings or numbers: read with each
 * value's text kept (numbers exactly as written), and strings quoted for writing. Enough for the benchmark's two
 * outputs, nothing more.
 */
final class FlatJson {
    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text;
    }

    /** A JSON value cell: its text (a string unescaped) and whether it was a number. */
    record Cell(String text, boolean number) {
    }

    static List<Map<String, Cell>> parseRows(String json) {
        FlatJson p = new FlatJson(json);
        List<Map<String, Cell>> rows = new ArrayList<>();
        p.expect('[');
        if (p.peek() == ']') {
            return rows;
        }
        do {
            p.expect('{');
            Map<String, Cell> row = new LinkedHashMap<>();
            if (p.peek() != '}') {
                do {
                    String name = p.string();
                    p.expect(':');
                    row.put(name, p.peek() == '"' ? new Cell(p.string(), false) : new Cell(p.literal(), true));
                } while (p.comma());
            }
            p.expect('}');
            rows.add(row);
        } while (p.comma());
        p.expect(']');
        return rows;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private char peek() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        if (at == text.length()) {
            throw new IllegalArgumentException("JSON ends early");
        }
        return text.charAt(at);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at + ", found '" + text.charAt(at) + "'");
        }
        at++;
    }

    private boolean comma() {
        if (peek() == ',') {
            at++;
            return true;
        }
        return false;
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = text.charAt(at++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> b.append(e);
            }
        }
    }

    private String literal() {
        peek();
        int start = at;
        while (at < text.length() && ",}] \n\r\t".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        return text.substring(start, at);
    }
}
