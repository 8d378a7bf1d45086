package org.ecomkpi.run;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.html.Amount;
import org.ecomkpi.html.BarChart;
import org.ecomkpi.html.DayChart;
import org.ecomkpi.html.Html;
import org.ecomkpi.html.HtmlPage;
import org.ecomkpi.html.HtmlTable;
import org.ecomkpi.html.HtmlTable.Cell;
import org.ecomkpi.row.FileType;
import org.ecomkpi.rules.RuleCode;

/**
 * {@code runs/<runId>/report.html} (SPEC section 7): the {@link RunReport} as one self-contained page, for a
 * person. Charts of rejected rows per rule and file type, rows per file, the KPI dates the run changed and step
 * timings; tables of totals, warnings and files, with links to the reject files relative to the page, so they
 * work wherever the bucket is opened (a folder, an S3 console download, a synced copy).
 *
 * <p>The page holds no number of its own: every figure comes from the same {@link RunReport} as
 * {@code report.json}, and charts carry their exact values in {@code data-value} attributes.
 */
public final class RunReportPage {
    /** From {@code runs/<runId>/} back to the bucket root, where {@code invalid-data/} is. */
    private static final String TO_BUCKET_ROOT = "../../";

    private RunReportPage() {
    }

    public static String html(RunReport report) {
        StringBuilder body = new StringBuilder(16 * 1024);
        header(body, report);
        body.append("<h2>Rows per file type</h2>").append(totals(report).html());
        body.append("<h2>Rejected rows per rule and file type</h2>").append(rejectsByRule(report).svg());
        body.append("<h2>Rows per file</h2>").append(rowsPerFile(report).svg());
        kpiDates(body, report);
        body.append("<h2>Step timings</h2>").append(timings(report).svg());
        warnings(body, report);
        body.append("<h2>Files</h2>").append(files(report).html());
        unrecognised(body, report);
        refused(body, report);
        body.append("<footer>Written with <a href=\"report.json\">report.json</a> from the same data. Rows of a file "
                + "whose content an earlier run already processed are not counted again.</footer>");
        return HtmlPage.document("Run " + report.runId() + " \u2014 data-quality report", body.toString());
    }

    private static void header(StringBuilder body, RunReport report) {
        body.append("<h1>Run <span id=\"run-id\">").append(Html.text(report.runId())).append("</span></h1>");
        body.append("<p class=\"meta\"><span id=\"status\" class=\"status status-").append(Html.text(report.status()))
                .append("\">").append(Html.text(report.status())).append("</span>");
        report.startedAt().ifPresent(s -> body.append(" \u00b7 claimed at ").append(Html.text(s.toString())));
        report.rejectLimit().ifPresent(l -> body.append(" \u00b7 reject limit ")
                .append(Html.text(Amount.RATE.format(l))).append(" of the rows of any file type"));
        body.append("</p>");
        report.failure().ifPresent(f -> {
            body.append("<div id=\"failure\" class=\"failure\"><strong>Batch rejected: ").append(Html.text(f.reason()))
                    .append("</strong>");
            f.file().ifPresent(file -> body.append(" in <code>").append(Html.text(BucketLayout.landing(file)))
                    .append("</code>").append(f.line().map(l -> ", line " + l).orElse(""))
                    .append(f.column().map(c -> ", column " + c).orElse("")));
            f.message().ifPresent(m -> body.append("<br>").append(Html.text(m)));
            body.append("<br>Every input file was moved unchanged to <code>")
                    .append(Html.text(BucketLayout.invalidData(report.runId()))).append("</code>; no KPI changed.</div>");
        });
    }

    private static HtmlTable totals(RunReport report) {
        HtmlTable table = HtmlTable.withHeaders("totals",
                List.of("file type", "rows read", "accepted", "rejected", "reject ratio"));
        report.totals().forEach((type, t) -> table.row(List.of(Cell.text(type.folder()), Cell.number(t.read()),
                Cell.number(t.accepted()), Cell.number(t.rejected()), Cell.number(t.rejectRatio(), Amount.RATE))));
        return table;
    }

    private static BarChart rejectsByRule(RunReport report) {
        List<FileType> types = List.of(FileType.values());
        Map<FileType, Map<String, Long>> byType = new TreeMap<>();
        for (RunReport.FileReport file : report.files()) {
            if (file.type().isPresent() && file.rows().isPresent()) {
                Map<String, Long> rules = byType.computeIfAbsent(file.type().get(), t -> new TreeMap<>());
                file.rows().get().rejectedByRule().forEach((rule, n) -> rules.merge(rule, n, Long::sum));
            }
        }
        BarChart chart = BarChart.of("rejects-by-rule", "Rejected rows per rule and file type",
                types.stream().map(FileType::folder).toList(), Amount.COUNT);
        for (RuleCode rule : RuleCode.values()) {
            List<BigDecimal> values = new ArrayList<>();
            for (FileType type : types) {
                values.add(BigDecimal.valueOf(byType.getOrDefault(type, Map.of()).getOrDefault(rule.name(), 0L)));
            }
            chart.bar(rule.name(), values);
        }
        return chart;
    }

    private static BarChart rowsPerFile(RunReport report) {
        BarChart chart = BarChart.of("rows-per-file", "Accepted and rejected rows per file",
                List.of("accepted", "rejected"), Amount.COUNT);
        for (RunReport.FileReport file : report.files()) {
            file.rows().ifPresent(rows -> chart.bar(file.file(),
                    List.of(BigDecimal.valueOf(rows.accepted()), BigDecimal.valueOf(rows.rejected())),
                    rows.read() + " rows read"));
        }
        return chart;
    }

    private static void kpiDates(StringBuilder body, RunReport report) {
        body.append("<h2>KPI keys changed</h2>");
        if (report.kpiKeysTouched().isEmpty()) {
            body.append("<p id=\"kpi-keys\" class=\"none\">None: the run did not reach the KPI tables (status ")
                    .append(Html.text(report.status())).append(").</p>");
            return;
        }
        RunReport.KpiKeys kpis = report.kpiKeysTouched().get();
        body.append("<p id=\"kpi-keys\">order_kpi_table: <strong id=\"order-dates-changed\" data-value=\"")
                .append(kpis.orderDates().size()).append("\">").append(kpis.orderDates().size())
                .append("</strong> dates changed \u00b7 category_kpi_table: <strong id=\"category-keys-changed\" "
                        + "data-value=\"").append(kpis.categoryKeys()).append("\">").append(kpis.categoryKeys())
                .append("</strong> keys changed").append(kpis.applied() ? "" : " (by an earlier attempt of this run)")
                .append("</p>");
        body.append(DayChart.presence("kpi-dates", "Order dates whose KPIs the run changed", kpis.orderDates()).svg());
        if (!kpis.orderDates().isEmpty()) {
            Map<YearMonth, List<LocalDate>> byMonth = new TreeMap<>();
            kpis.orderDates().forEach(d -> byMonth.computeIfAbsent(YearMonth.from(d), m -> new ArrayList<>()).add(d));
            body.append("<details><summary>The dates</summary><ul>");
            byMonth.forEach((month, dates) -> body.append("<li>").append(month).append(": ")
                    .append(String.join(", ", dates.stream().map(d -> String.valueOf(d.getDayOfMonth())).toList()))
                    .append("</li>"));
            body.append("</ul></details>");
        }
    }

    private static BarChart timings(RunReport report) {
        BarChart chart = BarChart.of("timings", "Time per step", List.of("milliseconds"), Amount.MILLIS);
        report.timingsMillis().forEach((step, millis) -> chart.bar(step, List.of(BigDecimal.valueOf(millis))));
        return chart;
    }

    private static void warnings(StringBuilder body, RunReport report) {
        body.append("<h2>Warnings</h2>");
        HtmlTable table = HtmlTable.withHeaders("warnings", List.of("warning", "rows"));
        report.warnings().forEach((code, n) -> table.row(List.of(Cell.text(code), Cell.number(n))));
        if (report.warnings().values().stream().allMatch(n -> n == 0)) {
            body.append("<p class=\"none\">No warnings.</p>");
        }
        body.append(table.html());
    }

    private static HtmlTable files(RunReport report) {
        HtmlTable table = HtmlTable.withHeaders("files",
                List.of("file", "type", "bytes", "rows read", "accepted", "rejected", "rejects"));
        for (RunReport.FileReport file : report.files()) {
            List<Cell> cells = new ArrayList<>();
            cells.add(Cell.text(file.file()));
            cells.add(Cell.text(file.type().map(FileType::folder).orElse("")));
            cells.add(Cell.number(file.bytes()));
            if (file.rows().isPresent()) {
                RunReport.FileRows rows = file.rows().get();
                cells.add(Cell.number(rows.read()));
                cells.add(Cell.number(rows.accepted()));
                cells.add(Cell.number(rows.rejected()));
            } else {
                cells.add(Cell.text(""));
                cells.add(Cell.text(""));
                cells.add(Cell.text(""));
            }
            cells.add(rejects(report, file));
            table.row(cells);
        }
        return table;
    }

    /** The link to what of this file lies under {@code invalid-data/}, or why there is nothing. */
    private static Cell rejects(RunReport report, RunReport.FileReport file) {
        if (report.batchRejected()) {
            return Cell.link("the file, unchanged",
                    TO_BUCKET_ROOT + BucketLayout.invalidData(report.runId(), file.file()));
        }
        if (file.skipped().isPresent()) {
            return Cell.text(file.skipped().get());
        }
        long rejected = file.rows().map(RunReport.FileRows::rejected).orElse(0L);
        if (rejected > 0) {
            return Cell.link(InputFile.rejectArchiveKey(report.runId(), file.file()),
                    TO_BUCKET_ROOT + InputFile.rejectArchiveKey(report.runId(), file.file()));
        }
        return Cell.text(file.rows().isPresent() ? "none" : "");
    }

    private static void unrecognised(StringBuilder body, RunReport report) {
        if (report.unrecognised().isEmpty()) {
            return;
        }
        body.append("<h2>Not recognised, left in landing-data/</h2><ul id=\"unrecognised\">");
        report.unrecognised().forEach(key -> body.append("<li><code>").append(Html.text(key)).append("</code></li>"));
        body.append("</ul>");
    }

    private static void refused(StringBuilder body, RunReport report) {
        if (report.refused().isEmpty()) {
            return;
        }
        body.append("<h2>Refused, left in landing-data/</h2><ul id=\"refused\">");
        report.refused().forEach(why -> body.append("<li><code>").append(Html.text(why)).append("</code></li>"));
        body.append("</ul>");
    }
}
