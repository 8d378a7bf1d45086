package org.ecomkpi.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Columns aligned for people: text to the left, numbers to the right, a rule under the header. Widths are terminal
 * columns ({@link DisplayWidth}), so CJK categories line up with the rest.
 */
final class TextTable {
    private final List<String> headers;
    private final List<Boolean> rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    private TextTable(List<String> headers, List<Boolean> rightAligned) {
        this.headers = List.copyOf(headers);
        this.rightAligned = List.copyOf(rightAligned);
    }

    static TextTable withColumns(List<String> headers, List<Boolean> rightAligned) {
        if (headers.size() != rightAligned.size()) {
            throw new IllegalArgumentException(headers.size() + " headers but " + rightAligned.size() + " alignments");
        }
        return new TextTable(headers, rightAligned);
    }

    TextTable row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException(cells.size() + " cells for " + headers.size() + " columns: " + cells);
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    void print(PrintWriter out, String indent) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = width(headers.get(c));
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], width(row.get(c)));
            }
        }
        line(out, indent, headers, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, indent, rule, widths);
        for (List<String> row : rows) {
            line(out, indent, row, widths);
        }
        out.flush();
    }

    private void line(PrintWriter out, String indent, List<String> cells, int[] widths) {
        StringBuilder text = new StringBuilder(indent);
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - width(cell));
            if (c > 0) {
                text.append("  ");
            }
            text.append(rightAligned.get(c) ? pad + cell : cell + (c == cells.size() - 1 ? "" : pad));
        }
        out.println(text);
    }

    // terminal columns, not chars or code points: '家居' takes four, like 'Toys', and a combining accent none
    private static int width(String text) {
        return DisplayWidth.of(text);
    }
}
