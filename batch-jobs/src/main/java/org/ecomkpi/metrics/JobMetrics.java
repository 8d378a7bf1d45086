package org.ecomkpi.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.batch.runtime.BatchStatus;

import org.ecomkpi.row.FileType;
import org.ecomkpi.run.DataQualityReport;
import org.ecomkpi.run.RunReport;

/**
 * The metric records of one job execution, taken from the run's data-quality report once the execution ended, so
 * every number equals {@code report.json}'s. Rows, bytes, rejects, step durations and KPI keys are published only by
 * the execution that completes the job: a failed or stopped attempt publishes only its own end, and its restart
 * publishes the whole, so nothing is counted twice.
 *
 * <table>
 * <caption>Records (namespace {@value EmfMetrics#NAMESPACE})</caption>
 * <tr><th>dimensions</th><th>metrics</th><th>when</th></tr>
 * <tr><td>Job</td><td>Restarts; JobsFailed or JobsStopped</td><td>every execution that ran</td></tr>
 * <tr><td>Job</td><td>JobDuration (ms); validate: RunsRejected; transform: RunsProcessed, OrderKpiKeysChanged,
 * CategoryKpiKeysChanged</td><td>the job completed</td></tr>
 * <tr><td>Job, Step</td><td>StepDuration (ms)</td><td>the job completed, one per step that ran</td></tr>
 * <tr><td>FileType</td><td>RowsRead, RowsAccepted, RowsRejected, Files, Bytes</td><td>validate completed a
 * batch</td></tr>
 * <tr><td>Rule</td><td>RowsRejected</td><td>validate completed a batch, one per rule</td></tr>
 * </table>
 */
public final class JobMetrics {
    public static final String JOB = "Job";
    public static final String STEP = "Step";
    public static final String FILE_TYPE = "FileType";
    public static final String RULE = "Rule";

    private JobMetrics() {
    }

    /**
     * The records of a job execution that ran (started or restarted; one found already completed ran nothing).
     *
     * @param job       {@code validate} or {@code transform}
     * @param restarted whether the execution restarted a failed or stopped one
     * @param status    how it ended
     * @param report    the run's report as the run's stored state has it now
     */
    public static List<MetricRecord> of(String job, long executionId, boolean restarted, BatchStatus status,
            RunReport report) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("runId", report.runId());
        properties.put("executionId", Long.toString(executionId));
        List<MetricRecord> records = new ArrayList<>();
        List<Metric> end = new ArrayList<>();
        end.add(Metric.count("Restarts", restarted ? 1 : 0));
        if (status == BatchStatus.FAILED) {
            end.add(Metric.count("JobsFailed", 1));
        } else if (status == BatchStatus.STOPPED) {
            end.add(Metric.count("JobsStopped", 1));
        }
        if (status != BatchStatus.COMPLETED) {
            records.add(new MetricRecord(Map.of(JOB, job), end, properties));
            return records;
        }
        String prefix = job + ".";
        Map<String, Long> steps = new LinkedHashMap<>();
        report.timingsMillis().forEach((step, millis) -> {
            if (step.startsWith(prefix)) {
                steps.put(step.substring(prefix.length()), millis);
            }
        });
        end.add(Metric.millis("JobDuration", steps.values().stream().mapToLong(Long::longValue).sum()));
        boolean batch = report.status().equals("validated") || report.status().equals("rejected");
        if (job.equals("validate") && batch) {
            end.add(Metric.count("RunsRejected", report.batchRejected() ? 1 : 0));
        }
        if (job.equals("transform") && report.status().equals("processed")) {
            end.add(Metric.count("RunsProcessed", 1));
            report.kpiKeysTouched().ifPresent(keys -> {
                end.add(Metric.count("OrderKpiKeysChanged", keys.orderDates().size()));
                end.add(Metric.count("CategoryKpiKeysChanged", keys.categoryKeys()));
            });
        }
        records.add(new MetricRecord(Map.of(JOB, job), end, properties));
        steps.forEach((step, millis) -> records.add(new MetricRecord(dimensions(JOB, job, STEP, step),
                List.of(Metric.millis("StepDuration", millis)), properties)));
        if (job.equals("validate") && batch) {
            Map<String, String> validate = new LinkedHashMap<>(properties);
            validate.put(JOB, job);
            report.totals().forEach((type, totals) -> records.add(new MetricRecord(Map.of(FILE_TYPE, type.folder()),
                    fileTypeMetrics(type, totals, report), validate)));
            report.rejectedByRule().forEach((rule, rejected) -> records.add(new MetricRecord(
                    Map.of(RULE, rule.name()), List.of(Metric.count("RowsRejected", rejected)), validate)));
        }
        return records;
    }

    private static List<Metric> fileTypeMetrics(FileType type, DataQualityReport.TypeTotals totals, RunReport report) {
        long files = 0;
        long bytes = 0;
        for (RunReport.FileReport file : report.files()) {
            if (file.type().equals(Optional.of(type)) && file.rows().isPresent()) {
                files++;
                bytes += file.bytes();
            }
        }
        return List.of(Metric.count("RowsRead", totals.read()), Metric.count("RowsAccepted", totals.accepted()),
                Metric.count("RowsRejected", totals.rejected()), Metric.count("Files", files),
                Metric.bytes("Bytes", bytes));
    }

    private static Map<String, String> dimensions(String name, String value, String name2, String value2) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put(name, value);
        dimensions.put(name2, value2);
        return dimensions;
    }
}
