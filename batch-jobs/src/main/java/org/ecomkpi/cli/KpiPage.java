package org.ecomkpi.cli;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ecomkpi.html.Amount;
import org.ecomkpi.html.BarChart;
import org.ecomkpi.html.DayChart;
import org.ecomkpi.html.Html;
import org.ecomkpi.html.HtmlPage;
import org.ecomkpi.html.HtmlTable;
import org.ecomkpi.html.HtmlTable.Cell;
import org.ecomkpi.kpi.KpiSchema;

/**
 * {@code kpis --format html}: the KPI tables as one self-contained page, with a chart of revenue per day and one
 * of revenue per category over the rows shown. Numbers are those of {@code --format json} (same decimals), and
 * every cell and chart column carries its exact value in {@code data-value}. Categories are producer input and
 * may be anything ({@code <script>...}, {@code =HYPERLINK(...)}): they are escaped, never neutralised, so the page
 * shows them exactly.
 */
final class KpiPage {
    private KpiPage() {
    }

    /**
     * The page for the tables in {@code rows} (in the order given), each with its rows as {@link KpiTable#rows}
     * returns them.
     *
     * @param scope what the rows are, for the heading: the store and any filter
     */
    static String html(Map<KpiTable, List<List<Object>>> rows, String scope) {
        StringBuilder body = new StringBuilder(8 * 1024);
        body.append("<h1>KPIs</h1><p class=\"meta\">").append(Html.text(scope)).append("</p>");
        Map<LocalDate, BigDecimal> perDay = rows.containsKey(KpiTable.ORDER_KPI_TABLE)
                ? sumBy(rows.get(KpiTable.ORDER_KPI_TABLE), KpiTable.ORDER_KPI_TABLE, KpiSchema.Attribute.ORDER_DATE,
                        KpiSchema.Attribute.TOTAL_REVENUE)
                : sumBy(rows.get(KpiTable.CATEGORY_KPI_TABLE), KpiTable.CATEGORY_KPI_TABLE,
                        KpiSchema.Attribute.ORDER_DATE, KpiSchema.Attribute.DAILY_REVENUE);
        body.append("<h2>Revenue per day</h2>")
                .append(DayChart.amounts("revenue-per-day", "Revenue per order date", perDay, Amount.MONEY).svg());
        if (rows.containsKey(KpiTable.CATEGORY_KPI_TABLE)) {
            body.append("<h2>Revenue per category</h2>").append(perCategory(rows.get(KpiTable.CATEGORY_KPI_TABLE)).svg());
        }
        rows.forEach((table, tableRows) -> body.append("<h2>").append(table.tableName()).append(" (")
                .append(tableRows.size()).append(tableRows.size() == 1 ? " row" : " rows").append(")</h2>")
                .append(table(table, tableRows).html()));
        return HtmlPage.document("KPIs \u2014 " + scope, body.toString());
    }

    private static BarChart perCategory(List<List<Object>> rows) {
        Map<String, BigDecimal> revenue = new TreeMap<>();
        int category = column(KpiTable.CATEGORY_KPI_TABLE, KpiSchema.Attribute.CATEGORY);
        int money = column(KpiTable.CATEGORY_KPI_TABLE, KpiSchema.Attribute.DAILY_REVENUE);
        for (List<Object> row : rows) {
            revenue.merge((String) row.get(category), exact(KpiTable.CATEGORY_KPI_TABLE, money, row), BigDecimal::add);
        }
        BarChart chart = BarChart.of("revenue-per-category", "Revenue per category", List.of("revenue"), Amount.MONEY);
        revenue.entrySet().stream()
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> chart.bar(e.getKey(), List.of(e.getValue())));
        return chart;
    }

    private static Map<LocalDate, BigDecimal> sumBy(List<List<Object>> rows, KpiTable table,
                                                    KpiSchema.Attribute date, KpiSchema.Attribute amount) {
        int day = column(table, date);
        int value = column(table, amount);
        Map<LocalDate, BigDecimal> sums = new LinkedHashMap<>();
        for (List<Object> row : rows) {
            sums.merge(LocalDate.parse((String) row.get(day)), exact(table, value, row), BigDecimal::add);
        }
        return sums;
    }

    private static HtmlTable table(KpiTable table, List<List<Object>> rows) {
        List<KpiColumn> columns = table.columns();
        HtmlTable html = HtmlTable.withHeaders(table.tableName().replace('_', '-'),
                columns.stream().map(KpiColumn::name).toList());
        for (List<Object> row : rows) {
            List<Cell> cells = new ArrayList<>(columns.size());
            for (int c = 0; c < columns.size(); c++) {
                KpiColumn column = columns.get(c);
                Object value = column.json(row.get(c));
                cells.add(switch (column.attribute().kind()) {
                    case DATE, TEXT -> Cell.text((String) value);
                    case COUNT -> Cell.number((Long) value);
                    case MONEY -> Cell.number((BigDecimal) value, Amount.MONEY);
                    case RATE -> Cell.number((BigDecimal) value, Amount.RATE);
                });
            }
            html.row(cells);
        }
        return html;
    }

    /** A money value as JSON has it: exact, with the table's 2 decimals. */
    private static BigDecimal exact(KpiTable table, int column, List<Object> row) {
        return (BigDecimal) table.columns().get(column).json(row.get(column));
    }

    private static int column(KpiTable table, KpiSchema.Attribute attribute) {
        List<KpiColumn> columns = table.columns();
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).attribute() == attribute) {
                return c;
            }
        }
        throw new IllegalArgumentException(table + " has no attribute " + attribute.attributeName());
    }
}
