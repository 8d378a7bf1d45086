package org.ecomkpi.run;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.ecomkpi.row.FileType;
import org.ecomkpi.rules.RuleCode;

/**
 * What a run's data-quality report says, once: {@code report.json} ({@link #toJson()}) and {@code report.html}
 * ({@link RunReportPage}) are both written from one of these, so the page can never show other numbers than the
 * JSON. {@link DataQualityReport#read} builds it from what the steps stored.
 *
 * @param status         {@code claimed}, {@code validated}, {@code rejected} or {@code processed}
 * @param totals         rows per file type, every type present, in {@link FileType} order
 * @param rejectedByRule rejected rows per rule over the whole run, every rule present, in {@link RuleCode} order
 * @param warnings       warnings per code, by code
 * @param files          every file the run claimed, in manifest order
 * @param unrecognised   landing keys of files the claim left where they were (SPEC section 2)
 * @param refused        what the claim found in landing and may not take (a local bucket's symbolic links), each
 *                       with why
 * @param timingsMillis  how long each finished step took, by {@code job.step}
 */
public record RunReport(
        String runId,
        String status,
        Optional<Instant> startedAt,
        Optional<Failure> failure,
        Optional<BigDecimal> rejectLimit,
        Map<FileType, DataQualityReport.TypeTotals> totals,
        Map<RuleCode, Long> rejectedByRule,
        SortedMap<String, Long> warnings,
        List<FileReport> files,
        List<String> unrecognised,
        List<String> refused,
        Optional<KpiKeys> kpiKeysTouched,
        SortedMap<String, Long> timingsMillis) {

    public RunReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
        totals = Collections.unmodifiableMap(new EnumMap<>(totals));
        rejectedByRule = Collections.unmodifiableMap(new EnumMap<>(rejectedByRule));
        warnings = Collections.unmodifiableSortedMap(new TreeMap<>(warnings));
        files = List.copyOf(files);
        unrecognised = List.copyOf(unrecognised);
        refused = List.copyOf(refused);
        timingsMillis = Collections.unmodifiableSortedMap(new TreeMap<>(timingsMillis));
    }

    /** Why the whole batch failed, and where when the cause is in a file. */
    public record Failure(String reason, Optional<String> message, Optional<String> file, Optional<Long> line,
                          Optional<Long> column) {
    }

    /**
     * What the run changed in the KPI tables.
     *
     * @param applied      whether this run's merge applied its changes (false: an earlier attempt already had)
     * @param orderDates   dates whose {@code order_kpi_table} row the run changed or deleted
     * @param categoryKeys how many {@code category_kpi_table} keys it changed or deleted
     */
    public record KpiKeys(boolean applied, List<LocalDate> orderDates, long categoryKeys) {
        public KpiKeys {
            orderDates = List.copyOf(orderDates);
        }
    }

    /**
     * One claimed file.
     *
     * @param file    its path below {@code landing-data/}
     * @param type    what it holds, empty for a file the pipeline does not read
     * @param skipped why it was not read, when it was not
     * @param rows    its row counts, when it was read
     */
    public record FileReport(String file, Optional<FileType> type, long bytes, String sha256, Optional<String> skipped,
                             Optional<FileRows> rows) {
    }

    /** A read file's rows: read, accepted, rejected, rejected per rule and warnings per code (both by code). */
    public record FileRows(long read, long accepted, long rejected, SortedMap<String, Long> rejectedByRule,
                           SortedMap<String, Long> warnings) {
        public FileRows {
            rejectedByRule = Collections.unmodifiableSortedMap(new TreeMap<>(rejectedByRule));
            warnings = Collections.unmodifiableSortedMap(new TreeMap<>(warnings));
        }
    }

    /** Whether the whole batch was rejected, so its inputs lie unchanged under {@code invalid-data/<runId>/}. */
    public boolean batchRejected() {
        return status.equals("rejected");
    }

    /** The report as {@code report.json} has it. */
    public String toJson() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("runId", runId);
        report.put("status", status);
        startedAt.ifPresent(s -> report.put("startedAt", s.toString()));
        failure.ifPresent(f -> {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("reason", f.reason());
            f.message().ifPresent(m -> failure.put("message", m));
            f.file().ifPresent(m -> failure.put("file", m));
            f.line().ifPresent(m -> failure.put("line", m));
            f.column().ifPresent(m -> failure.put("column", m));
            report.put("failure", failure);
        });
        rejectLimit.ifPresent(l -> report.put("rejectLimit", l));
        Map<String, Object> types = new LinkedHashMap<>();
        totals.forEach((type, t) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rowsRead", t.read());
            m.put("rowsAccepted", t.accepted());
            m.put("rowsRejected", t.rejected());
            m.put("rejectRatio", t.rejectRatio());
            types.put(type.folder(), m);
        });
        report.put("totals", types);
        Map<String, Long> rules = new LinkedHashMap<>();
        rejectedByRule.forEach((rule, n) -> rules.put(rule.name(), n));
        report.put("rejectedByRule", rules);
        report.put("warnings", warnings);
        report.put("files", files.stream().map(RunReport::fileJson).toList());
        report.put("unrecognised", unrecognised);
        report.put("refused", refused);
        kpiKeysTouched.ifPresent(k -> {
            Map<String, Object> kpis = new LinkedHashMap<>();
            kpis.put("applied", k.applied());
            kpis.put("orderDates", k.orderDates());
            kpis.put("categoryKeys", k.categoryKeys());
            report.put("kpiKeysTouched", kpis);
        });
        report.put("timingsMillis", timingsMillis);
        return JsonText.of(report);
    }

    private static Map<String, Object> fileJson(FileReport file) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("file", file.file());
        f.put("type", file.type().map(FileType::folder).orElse(null));
        f.put("bytes", file.bytes());
        f.put("sha256", file.sha256());
        file.skipped().ifPresent(s -> f.put("skipped", s));
        file.rows().ifPresent(rows -> {
            f.put("rowsRead", rows.read());
            f.put("rowsAccepted", rows.accepted());
            f.put("rowsRejected", rows.rejected());
            f.put("rejectedByRule", rows.rejectedByRule());
            f.put("warnings", rows.warnings());
        });
        return f;
    }
}
