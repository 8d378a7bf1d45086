package org.ecomkpi.html;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A horizontal bar chart as inline SVG: one bar per label, each bar stacked from one segment per series
 * (rejects of a rule from orders, order_items and products; a file's accepted and rejected rows), with the
 * bar's total written after it and a legend when there is more than one series.
 *
 * <p>Every bar is a {@code <g class="bar" data-label="...">} holding one {@code <rect data-series="..."
 * data-value="...">} per series, zero values included, so a reader of the page's DOM (a test, a scraper) finds the
 * exact numbers the chart was drawn from.
 *
 * <pre>{@code
 * String svg = BarChart.of("rejects-by-rule", "Rejected rows per rule", List.of("orders", "order_items"), Amount.COUNT)
 *         .bar("BAD_ID", List.of(BigDecimal.valueOf(2), BigDecimal.ZERO))
 *         .svg();
 * }</pre>
 */
public final class BarChart {
    static final int WIDTH = 760;
    private static final int ROW = 22;
    private static final int BAR = 16;
    private static final int LEGEND = 24;
    private static final int CHAR_WIDTH = 8; // 12px sans-serif, upper case and digits included
    private static final int MIN_LABEL_WIDTH = 80;
    private static final int MAX_LABEL_WIDTH = 300;
    private static final int VALUE_WIDTH = 110;

    private final String id;
    private final String title;
    private final List<String> series;
    private final Amount amount;
    private final List<Bar> bars = new ArrayList<>();

    private record Bar(String label, List<BigDecimal> values, String tooltip) {
        BigDecimal total() {
            return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    private BarChart(String id, String title, List<String> series, Amount amount) {
        this.id = Objects.requireNonNull(id, "id");
        this.title = Objects.requireNonNull(title, "title");
        this.series = List.copyOf(series);
        this.amount = Objects.requireNonNull(amount, "amount");
        if (this.series.isEmpty()) {
            throw new IllegalArgumentException("a bar chart needs at least one series");
        }
    }

    /**
     * An empty chart.
     *
     * @param id     the {@code id} of the {@code <svg>} element: letters, digits and {@code -}
     * @param title  what the chart shows, for its heading and for screen readers
     * @param series the names of each bar's segments, in stacking order
     */
    public static BarChart of(String id, String title, List<String> series, Amount amount) {
        if (!id.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("chart id '" + id + "': use lower-case letters, digits and '-'");
        }
        return new BarChart(id, title, series, amount);
    }

    /** Adds a bar: one value per series, none negative. */
    public BarChart bar(String label, List<BigDecimal> values) {
        return bar(label, values, "");
    }

    /** Adds a bar with a tooltip (shown on hover) beside its label and values. */
    public BarChart bar(String label, List<BigDecimal> values, String tooltip) {
        if (values.size() != series.size()) {
            throw new IllegalArgumentException("bar '" + label + "' has " + values.size() + " values for "
                    + series.size() + " series");
        }
        for (BigDecimal value : values) {
            if (value.signum() < 0) {
                throw new IllegalArgumentException("bar '" + label + "' has a negative value " + value);
            }
        }
        bars.add(new Bar(label, List.copyOf(values), tooltip));
        return this;
    }

    /** The chart as an {@code <svg>} element. */
    public String svg() {
        int labelChars = bars.stream().mapToInt(b -> b.label().codePointCount(0, b.label().length())).max().orElse(0);
        int labelWidth = Math.max(MIN_LABEL_WIDTH, Math.min(MAX_LABEL_WIDTH, labelChars * CHAR_WIDTH + 16));
        int plotWidth = WIDTH - labelWidth - VALUE_WIDTH;
        int top = series.size() > 1 ? LEGEND : 4;
        int height = top + Math.max(1, bars.size()) * ROW + 4;
        BigDecimal max = bars.stream().map(Bar::total).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        double scale = max.signum() == 0 ? 0 : plotWidth / max.doubleValue();

        StringBuilder svg = new StringBuilder(512 + bars.size() * 256);
        svg.append("<svg id=\"").append(id).append("\" class=\"chart bar-chart\" role=\"img\" aria-labelledby=\"")
                .append(id).append("-title\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\">");
        svg.append("<title id=\"").append(id).append("-title\">").append(Html.text(title)).append("</title>");
        if (series.size() > 1) {
            legend(svg, labelWidth);
        }
        if (bars.isEmpty()) {
            svg.append("<text class=\"empty\" x=\"").append(labelWidth).append("\" y=\"").append(top + 15)
                    .append("\">nothing to show</text>");
        }
        for (int b = 0; b < bars.size(); b++) {
            Bar bar = bars.get(b);
            int y = top + b * ROW;
            svg.append("<g class=\"bar\" data-label=\"").append(Html.text(bar.label())).append("\" data-total=\"")
                    .append(Amount.exact(bar.total())).append("\">");
            svg.append("<title>").append(Html.text(tooltip(bar))).append("</title>");
            svg.append("<text class=\"label\" x=\"").append(labelWidth - 8).append("\" y=\"").append(y + 15)
                    .append("\" text-anchor=\"end\">").append(Html.text(shortened(bar.label(), labelWidth)))
                    .append("</text>");
            double x = labelWidth;
            for (int s = 0; s < series.size(); s++) {
                BigDecimal value = bar.values().get(s);
                double width = value.doubleValue() * scale;
                svg.append("<rect class=\"series-").append(s).append("\" data-series=\"")
                        .append(Html.text(series.get(s))).append("\" data-value=\"").append(Amount.exact(value))
                        .append("\" x=\"").append(coordinate(x)).append("\" y=\"").append(y + 3)
                        .append("\" width=\"").append(coordinate(width)).append("\" height=\"").append(BAR)
                        .append("\"/>");
                x += width;
            }
            svg.append("<text class=\"value\" x=\"").append(coordinate(x + 6)).append("\" y=\"").append(y + 15)
                    .append("\">").append(Html.text(amount.format(bar.total()))).append("</text>");
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    private void legend(StringBuilder svg, int left) {
        int x = left;
        for (int s = 0; s < series.size(); s++) {
            String name = series.get(s);
            svg.append("<g class=\"legend\"><rect class=\"series-").append(s).append("\" x=\"").append(x)
                    .append("\" y=\"5\" width=\"12\" height=\"12\"/><text x=\"").append(x + 16)
                    .append("\" y=\"15\">").append(Html.text(name)).append("</text></g>");
            x += 16 + name.length() * CHAR_WIDTH + 18;
        }
    }

    private String tooltip(Bar bar) {
        StringBuilder text = new StringBuilder(bar.label()).append(": ").append(amount.format(bar.total()));
        if (series.size() > 1) {
            List<String> parts = new ArrayList<>();
            for (int s = 0; s < series.size(); s++) {
                parts.add(series.get(s) + " " + amount.format(bar.values().get(s)));
            }
            text.append(" (").append(String.join(", ", parts)).append(')');
        }
        if (!bar.tooltip().isEmpty()) {
            text.append('\n').append(bar.tooltip());
        }
        return text.toString();
    }

    /**
     * A label that fits its column: an ellipsis and the end of it, where a file path says which file it is; the
     * whole label is in the tooltip.
     */
    private static String shortened(String label, int labelWidth) {
        int fits = (labelWidth - 16) / CHAR_WIDTH;
        int length = label.codePointCount(0, label.length());
        if (length <= fits) {
            return label;
        }
        return "\u2026" + label.substring(label.offsetByCodePoints(0, length - Math.max(1, fits - 1)));
    }

    static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
