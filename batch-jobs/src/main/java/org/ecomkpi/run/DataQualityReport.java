package org.ecomkpi.run;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.row.FileType;
import org.ecomkpi.rules.RuleCode;

/**
 * The data-quality report {@code runs/<runId>/report.json} (SPEC section 4) and its page {@code report.html}
 * (SPEC section 7): rows read, accepted and rejected per file and per rule, warnings, files skipped because their
 * content was already processed, files left in landing because the pipeline does not recognise them or may not
 * take them (symbolic links), the outcome, KPI keys touched and step timings. Read from what the steps stored, so any step in any JVM can
 * (re)write it.
 */
public final class DataQualityReport {
    private DataQualityReport() {
    }

    /** Per file type: rows read, accepted and rejected, over every file of that type the run read. */
    public record TypeTotals(long read, long accepted, long rejected) {
        public BigDecimal rejectRatio() {
            return read == 0 ? BigDecimal.ZERO.setScale(4)
                    : BigDecimal.valueOf(rejected).divide(BigDecimal.valueOf(read), 4, RoundingMode.HALF_UP);
        }
    }

    public static Map<FileType, TypeTotals> totals(Bucket bucket, String runId) {
        Map<FileType, TypeTotals> totals = new LinkedHashMap<>();
        for (FileType type : FileType.values()) {
            long read = 0;
            long accepted = 0;
            long rejected = 0;
            Optional<StepTally> tally = StepTally.readFrom(bucket, runId, type);
            if (tally.isPresent()) {
                for (FileTally file : tally.get().files().values()) {
                    read += file.read();
                    accepted += file.accepted();
                    rejected += file.rejected();
                }
            }
            totals.put(type, new TypeTotals(read, accepted, rejected));
        }
        return totals;
    }

    /**
     * Reads the report from the run's stored state and writes it as {@code report.json} and, from the same
     * {@link RunReport}, {@code report.html} beside it; returns the report.
     */
    public static RunReport write(Bucket bucket, String runId) {
        RunReport report = read(bucket, runId);
        bucket.write(BucketLayout.report(runId), report.toJson().getBytes(StandardCharsets.UTF_8));
        bucket.write(BucketLayout.reportPage(runId), RunReportPage.html(report).getBytes(StandardCharsets.UTF_8));
        return report;
    }

    /**
     * Writes only {@code report.html}, from the run's stored state: for a run whose {@code report.json} was
     * written before pages existed.
     */
    public static RunReport writePage(Bucket bucket, String runId) {
        RunReport report = read(bucket, runId);
        bucket.write(BucketLayout.reportPage(runId), RunReportPage.html(report).getBytes(StandardCharsets.UTF_8));
        return report;
    }

    /** The report of a run as its stored state (manifest, outcome, step tallies) has it now. */
    public static RunReport read(Bucket bucket, String runId) {
        Optional<BatchManifest> manifest = BatchManifest.readFrom(bucket, runId);
        RunOutcome outcome = RunOutcome.readFrom(bucket, runId);
        Map<String, FileTally> tallies = new LinkedHashMap<>();
        for (FileType type : FileType.values()) {
            StepTally.readFrom(bucket, runId, type).ifPresent(t -> tallies.putAll(t.files()));
        }
        List<RunReport.FileReport> files = new ArrayList<>();
        Map<String, Long> rules = new TreeMap<>();
        Map<String, Long> warnings = new TreeMap<>();
        for (InputFile file : manifest.map(BatchManifest::files).orElse(List.of())) {
            Optional<String> skipped = Optional.empty();
            if (file.alreadyProcessed().isPresent()) {
                skipped = Optional.of("content already processed by run " + file.alreadyProcessed().get());
            } else if (file.type().isEmpty()) {
                skipped = Optional.of("not an orders, order_items or products CSV file");
            }
            Optional<RunReport.FileRows> rows = Optional.empty();
            FileTally tally = tallies.get(file.key());
            if (tally != null) {
                SortedMap<String, Long> byRule = new TreeMap<>();
                tally.rejectedByRule().forEach((r, n) -> byRule.put(r.name(), n));
                SortedMap<String, Long> byWarning = new TreeMap<>();
                tally.warnings().forEach((w, n) -> byWarning.put(w.name(), n));
                byRule.forEach((r, n) -> rules.merge(r, n, Long::sum));
                byWarning.forEach((w, n) -> warnings.merge(w, n, Long::sum));
                rows = Optional.of(new RunReport.FileRows(tally.read(), tally.accepted(), tally.rejected(), byRule,
                        byWarning));
            }
            files.add(new RunReport.FileReport(file.relativePath(), file.type(), file.size(), file.sha256(), skipped,
                    rows));
        }
        outcome.judgement().ifPresent(j -> warnings.put("ITEM_COUNT_MISMATCH", j.itemCountMismatches()));
        Map<RuleCode, Long> allRules = new EnumMap<>(RuleCode.class);
        for (RuleCode rule : RuleCode.values()) {
            allRules.put(rule, rules.getOrDefault(rule.name(), 0L));
        }
        Optional<RunReport.KpiKeys> kpis = outcome.kpiChange()
                .map(k -> new RunReport.KpiKeys(k.applied(), k.orderDates(), k.categoryKeys()));
        SortedMap<String, Long> timings = outcome.timings();
        return new RunReport(runId,
                outcome.status().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("claimed"),
                manifest.map(BatchManifest::startedAt),
                outcome.rejection().map(DataQualityReport::failure),
                outcome.judgement().map(RunOutcome.Judgement::rejectLimit),
                totals(bucket, runId), allRules, new TreeMap<>(warnings), files,
                manifest.map(BatchManifest::unrecognised).orElse(List.of()),
                manifest.map(BatchManifest::refused).orElse(List.of()), kpis, timings);
    }

    private static RunReport.Failure failure(RunOutcome.Rejection rejection) {
        Optional<RunOutcome.FilePosition> at = rejection.at();
        return new RunReport.Failure(rejection.reason().name(), Optional.of(rejection.message()),
                at.map(RunOutcome.FilePosition::file), at.map(RunOutcome.FilePosition::line),
                at.map(RunOutcome.FilePosition::column));
    }
}
