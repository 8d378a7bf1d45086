package org.ecomkpi.html;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table for a page, escaping every cell: text to the left, numbers to the right with their exact value in
 * {@code data-value}, links relative to the page.
 *
 * <pre>{@code
 * String html = HtmlTable.withHeaders("totals", List.of("file type", "rows read"))
 *         .row(List.of(Cell.text("orders"), Cell.number(BigDecimal.valueOf(2007), Amount.COUNT)))
 *         .html();
 * }</pre>
 */
public final class HtmlTable {
    /** One cell. */
    public sealed interface Cell {
        static Cell text(String text) {
            return new Text(text);
        }

        static Cell number(BigDecimal value, Amount amount) {
            return new Number(value, amount);
        }

        static Cell number(long value) {
            return new Number(BigDecimal.valueOf(value), Amount.COUNT);
        }

        /** A link to {@code relativePath} (from the page's own location), showing {@code text}. */
        static Cell link(String text, String relativePath) {
            return new Link(text, relativePath);
        }
    }

    record Text(String text) implements Cell {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    record Number(BigDecimal value, Amount amount) implements Cell {
        public Number {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(amount, "amount");
        }
    }

    record Link(String text, String relativePath) implements Cell {
        public Link {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(relativePath, "relativePath");
        }
    }

    private final String id;
    private final List<String> headers;
    private final List<List<Cell>> rows = new ArrayList<>();

    private HtmlTable(String id, List<String> headers) {
        this.id = id;
        this.headers = List.copyOf(headers);
    }

    /** An empty table whose {@code <table>} has this {@code id}. */
    public static HtmlTable withHeaders(String id, List<String> headers) {
        if (!id.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("table id '" + id + "': use lower-case letters, digits and '-'");
        }
        return new HtmlTable(id, headers);
    }

    public HtmlTable row(List<Cell> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException(cells.size() + " cells for " + headers.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String html() {
        StringBuilder html = new StringBuilder(256 + rows.size() * 128);
        html.append("<table id=\"").append(id).append("\"><thead><tr>");
        for (int c = 0; c < headers.size(); c++) {
            boolean numeric = !rows.isEmpty() && rows.get(0).get(c) instanceof Number;
            html.append(numeric ? "<th class=\"num\">" : "<th>").append(Html.text(headers.get(c))).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (List<Cell> row : rows) {
            html.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                String column = Html.text(headers.get(c));
                Cell cell = row.get(c);
                if (cell instanceof Number n) {
                    html.append("<td class=\"num\" data-column=\"").append(column).append("\" data-value=\"")
                            .append(Amount.exact(n.value())).append("\">").append(Html.text(n.amount().format(n.value())))
                            .append("</td>");
                } else if (cell instanceof Link l) {
                    html.append("<td data-column=\"").append(column).append("\"><a href=\"")
                            .append(Html.href(l.relativePath())).append("\">").append(Html.text(l.text()))
                            .append("</a></td>");
                } else if (cell instanceof Text t) {
                    html.append("<td data-column=\"").append(column).append("\">").append(Html.text(t.text()))
                            .append("</td>");
                }
            }
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }
}
