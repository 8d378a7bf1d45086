package org.ecomkpi.html;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A column chart over calendar days as inline SVG: one column per day that has a value, placed on a time axis
 * from the first day to the last, so missing days show as gaps. Either amounts per day (revenue per day, with
 * the largest on the axis) or just which days are present (the KPI dates a run changed, all columns full height).
 *
 * <p>Every column is a {@code <rect class="day" data-label="YYYY-MM-DD" data-value="...">}.
 *
 * <pre>{@code
 * String svg = DayChart.amounts("revenue-per-day", "Revenue per day", revenueByDate, Amount.MONEY).svg();
 * String strip = DayChart.presence("kpi-dates", "KPI dates the run changed", changedDates).svg();
 * }</pre>
 */
public final class DayChart {
    private static final int WIDTH = BarChart.WIDTH;
    private static final int LEFT = 80;
    private static final int RIGHT = 12;
    private static final int TOP = 14;
    private static final int PLOT_HEIGHT = 160;
    private static final int BOTTOM = 30;
    private static final int MAX_DATE_LABELS = 6;
    private static final double MAX_COLUMN_WIDTH = 24;

    private final String id;
    private final String title;
    private final NavigableMap<LocalDate, BigDecimal> days;
    private final Amount amount;
    private final boolean presenceOnly;

    private DayChart(String id, String title, Map<LocalDate, BigDecimal> days, Amount amount, boolean presenceOnly) {
        if (!id.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("chart id '" + id + "': use lower-case letters, digits and '-'");
        }
        this.id = id;
        this.title = Objects.requireNonNull(title, "title");
        this.days = new TreeMap<>(days);
        this.amount = amount;
        this.presenceOnly = presenceOnly;
        this.days.forEach((day, value) -> {
            if (value.signum() < 0) {
                throw new IllegalArgumentException("day " + day + " has a negative value " + value);
            }
        });
    }

    /** A column per day, as high as its amount. */
    public static DayChart amounts(String id, String title, Map<LocalDate, BigDecimal> days, Amount amount) {
        return new DayChart(id, title, days, amount, false);
    }

    /** A full-height column per day present: which days, not how much. */
    public static DayChart presence(String id, String title, Iterable<LocalDate> days) {
        Map<LocalDate, BigDecimal> ones = new TreeMap<>();
        days.forEach(day -> ones.put(day, BigDecimal.ONE));
        return new DayChart(id, title, ones, Amount.COUNT, true);
    }

    /** The chart as an {@code <svg>} element. */
    public String svg() {
        int height = TOP + PLOT_HEIGHT + BOTTOM;
        int plotWidth = WIDTH - LEFT - RIGHT;
        int baseline = TOP + PLOT_HEIGHT;
        StringBuilder svg = new StringBuilder(512 + days.size() * 160);
        svg.append("<svg id=\"").append(id).append("\" class=\"chart day-chart\" role=\"img\" aria-labelledby=\"")
                .append(id).append("-title\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\">");
        svg.append("<title id=\"").append(id).append("-title\">").append(Html.text(title)).append("</title>");
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(baseline).append("\" x2=\"")
                .append(WIDTH - RIGHT).append("\" y2=\"").append(baseline).append("\"/>");
        if (days.isEmpty()) {
            svg.append("<text class=\"empty\" x=\"").append(LEFT).append("\" y=\"").append(TOP + PLOT_HEIGHT / 2)
                    .append("\">nothing to show</text>");
            return svg.append("</svg>").toString();
        }
        LocalDate first = days.firstKey();
        long span = ChronoUnit.DAYS.between(first, days.lastKey()) + 1;
        double slot = (double) plotWidth / span;
        double columnWidth = Math.min(MAX_COLUMN_WIDTH, Math.max(1.0, slot * 0.8));
        BigDecimal max = days.values().stream().max(BigDecimal::compareTo).orElse(BigDecimal.ONE);
        double scale = max.signum() == 0 ? 0 : PLOT_HEIGHT / max.doubleValue();
        if (!presenceOnly) {
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"")
                    .append(WIDTH - RIGHT).append("\" y2=\"").append(TOP).append("\"/>");
            svg.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + 4)
                    .append("\" text-anchor=\"end\">").append(Html.text(amount.format(max))).append("</text>");
            svg.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(baseline + 4)
                    .append("\" text-anchor=\"end\">0</text>");
        }
        for (Map.Entry<LocalDate, BigDecimal> day : days.entrySet()) {
            long index = ChronoUnit.DAYS.between(first, day.getKey());
            double x = LEFT + index * slot + (slot - columnWidth) / 2;
            double h = presenceOnly ? PLOT_HEIGHT : day.getValue().doubleValue() * scale;
            svg.append("<rect class=\"day\" data-label=\"").append(day.getKey()).append("\" data-value=\"")
                    .append(Amount.exact(day.getValue())).append("\" x=\"").append(BarChart.coordinate(x))
                    .append("\" y=\"").append(BarChart.coordinate(baseline - h)).append("\" width=\"")
                    .append(BarChart.coordinate(columnWidth)).append("\" height=\"").append(BarChart.coordinate(h))
                    .append("\"><title>").append(day.getKey())
                    .append(presenceOnly ? "" : ": " + Html.text(amount.format(day.getValue())))
                    .append("</title></rect>");
        }
        dateLabels(svg, first, span, slot, baseline);
        return svg.append("</svg>").toString();
    }

    /** The first and last day, and evenly spread days between, under the axis. */
    private void dateLabels(StringBuilder svg, LocalDate first, long span, double slot, int baseline) {
        long labels = Math.min(MAX_DATE_LABELS, span);
        long previous = -1;
        for (long i = 0; i < labels; i++) {
            long index = labels == 1 ? 0 : Math.round((double) i * (span - 1) / (labels - 1));
            if (index == previous) {
                continue;
            }
            previous = index;
            double x = LEFT + index * slot + slot / 2;
            String anchor = i == 0 && labels > 1 ? "start" : i == labels - 1 && labels > 1 ? "end" : "middle";
            if (labels == 1) {
                anchor = "middle";
            }
            svg.append("<text class=\"tick\" x=\"").append(BarChart.coordinate(x)).append("\" y=\"")
                    .append(baseline + 18).append("\" text-anchor=\"").append(anchor).append("\">")
                    .append(first.plusDays(index)).append("</text>");
        }
    }
}
