package org.ecomkpi.run;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.row.FileType;
import org.ecomkpi.validation.RuleCode;

/**
 * The data-quality report {@code runs/<runId>/report.json} (SPEC section 4): rows read, accepted and rejected
 * per file and per rule, warnings, files skipped because their content was already processed, files left in
 * landing because the pipeline does not recognise them or may not take them (symbolic links), the outcome,
 * KPI keys touched and step timings. Rendered from what the steps stored, so any step in any JVM can
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

    /** Renders the report from the run's stored state and writes it; returns the JSON. */
    public static String write(Bucket bucket, String runId) {
        String json = render(bucket, runId);
        bucket.write(BucketLayout.report(runId), json.getBytes(StandardCharsets.UTF_8));
        return json;
    }

    public static String render(Bucket bucket, String runId) {
        Optional<BatchManifest> manifest = BatchManifest.readFrom(bucket, runId);
        RunOutcome outcome = RunOutcome.readFrom(bucket, runId);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("runId", runId);
        report.put("status", outcome.status().map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).orElse("claimed"));
        manifest.ifPresent(m -> report.put("startedAt", m.startedAt().toString()));
        outcome.get("reason").ifPresent(r -> report.put("failure", failure(outcome)));
        outcome.get("rejectLimit").ifPresent(l -> report.put("rejectLimit", new BigDecimal(l)));

        Map<String, FileTally> tallies = new LinkedHashMap<>();
        for (FileType type : FileType.values()) {
            StepTally.readFrom(bucket, runId, type).ifPresent(t -> tallies.putAll(t.files()));
        }
        List<Object> files = new ArrayList<>();
        Map<String, Long> rules = new TreeMap<>();
        Map<String, Long> warnings = new TreeMap<>();
        for (InputFile file : manifest.map(BatchManifest::files).orElse(List.of())) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", file.relativePath());
            f.put("type", file.type().map(FileType::folder).orElse(null));
            f.put("bytes", file.size());
            f.put("sha256", file.sha256());
            if (file.alreadyProcessed().isPresent()) {
                f.put("skipped", "content already processed by run " + file.alreadyProcessed().get());
            } else if (file.type().isEmpty()) {
                f.put("skipped", "not an orders, order_items or products CSV file");
            }
            FileTally tally = tallies.get(file.key());
            if (tally != null) {
                f.put("rowsRead", tally.read());
                f.put("rowsAccepted", tally.accepted());
                f.put("rowsRejected", tally.rejected());
                Map<String, Long> byRule = new TreeMap<>();
                tally.rejectedByRule().forEach((r, n) -> byRule.put(r.name(), n));
                f.put("rejectedByRule", byRule);
                Map<String, Long> byWarning = new TreeMap<>();
                tally.warnings().forEach((w, n) -> byWarning.put(w.name(), n));
                f.put("warnings", byWarning);
                byRule.forEach((r, n) -> rules.merge(r, n, Long::sum));
                byWarning.forEach((w, n) -> warnings.merge(w, n, Long::sum));
            }
            files.add(f);
        }
        outcome.get("warning.ITEM_COUNT_MISMATCH").ifPresent(n -> warnings.put("ITEM_COUNT_MISMATCH", Long.parseLong(n)));
        Map<String, Object> types = new LinkedHashMap<>();
        totals(bucket, runId).forEach((type, t) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rowsRead", t.read());
            m.put("rowsAccepted", t.accepted());
            m.put("rowsRejected", t.rejected());
            m.put("rejectRatio", t.rejectRatio());
            types.put(type.folder(), m);
        });
        report.put("totals", types);
        Map<String, Long> allRules = new LinkedHashMap<>();
        for (RuleCode rule : RuleCode.values()) {
            allRules.put(rule.name(), rules.getOrDefault(rule.name(), 0L));
        }
        report.put("rejectedByRule", allRules);
        report.put("warnings", warnings);
        report.put("files", files);
        // files the claim left in landing: never archived unread, so the report names them (SPEC section 2)
        report.put("unrecognised", manifest.map(BatchManifest::unrecognised).orElse(List.of()));
        // and what it may not take (a local bucket's symbolic links), each with why
        report.put("refused", manifest.map(BatchManifest::refused).orElse(List.of()));
        Map<String, Object> kpis = new LinkedHashMap<>();
        outcome.get("kpi.applied").ifPresent(a -> kpis.put("applied", Boolean.parseBoolean(a)));
        outcome.get("kpi.orderDates").ifPresent(d -> kpis.put("orderDates", d.isEmpty() ? List.of() : List.of(d.split(","))));
        outcome.get("kpi.categoryKeys").ifPresent(n -> kpis.put("categoryKeys", Long.parseLong(n)));
        if (!kpis.isEmpty()) {
            report.put("kpiKeysTouched", kpis);
        }
        Map<String, Long> timings = new TreeMap<>();
        outcome.values().stringPropertyNames().stream().filter(n -> n.startsWith("timing."))
                .forEach(n -> timings.put(n.substring("timing.".length()), Long.parseLong(outcome.get(n).orElseThrow())));
        report.put("timingsMillis", timings);
        return JsonText.of(report);
    }

    private static Map<String, Object> failure(RunOutcome outcome) {
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("reason", outcome.get("reason").orElseThrow());
        outcome.get("message").ifPresent(m -> failure.put("message", m));
        outcome.get("failure.file").ifPresent(f -> failure.put("file", f));
        outcome.get("failure.line").ifPresent(l -> failure.put("line", Long.parseLong(l)));
        outcome.get("failure.column").ifPresent(c -> failure.put("column", Long.parseLong(c)));
        return failure;
    }
}
