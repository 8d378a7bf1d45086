package org.ecomkpi.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;

import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.run.DataQualityReport;
import org.ecomkpi.run.RunReport;
import org.ecomkpi.row.FileType;

/**
 * The counts of the validate job's chunk steps as the job repository holds them (what {@code runs show} and
 * {@code runs list} print): rows read, written (accepted) and skipped (rejected), per step, one execution or summed
 * over a run's executions.
 */
final class RepositoryCounts {
    static final Map<FileType, String> STEPS = Map.of(FileType.PRODUCTS, "products", FileType.ORDERS, "orders",
            FileType.ORDER_ITEMS, "items");

    private RepositoryCounts() {
    }

    /** {@code step -> [read, written, skipped]} summed over every execution of the validate job for the run. */
    static Map<String, List<Long>> ofRun(JobLauncher launcher, String runId) {
        Map<String, List<Long>> sums = new TreeMap<>();
        for (JobExecution execution : launcher.executionsOfRun("validate", runId)) {
            ofExecution(launcher, execution).forEach((step, counts) -> sums.merge(step, counts, RepositoryCounts::plus));
        }
        return sums;
    }

    /** {@code step -> [read, written, skipped]} of the chunk steps of one execution. */
    static Map<String, List<Long>> ofExecution(JobLauncher launcher, JobExecution execution) {
        Map<String, List<Long>> counts = new TreeMap<>();
        for (StepExecution step : launcher.operator().getStepExecutions(execution.getExecutionId())) {
            if (STEPS.containsValue(step.getStepName())) {
                counts.put(step.getStepName(), List.of(count(step, Metric.MetricType.READ_COUNT),
                        count(step, Metric.MetricType.WRITE_COUNT), count(step, Metric.MetricType.PROCESS_SKIP_COUNT)
                                + count(step, Metric.MetricType.READ_SKIP_COUNT)
                                + count(step, Metric.MetricType.WRITE_SKIP_COUNT)));
            }
        }
        return counts;
    }

    /** {@code step -> [read, accepted, rejected]} as the run's report.json gives them per file type. */
    static Map<String, List<Long>> ofReport(RunReport report) {
        Map<String, List<Long>> counts = new TreeMap<>();
        for (Map.Entry<FileType, DataQualityReport.TypeTotals> type : report.totals().entrySet()) {
            DataQualityReport.TypeTotals t = type.getValue();
            counts.put(STEPS.get(type.getKey()), List.of(t.read(), t.accepted(), t.rejected()));
        }
        return counts;
    }

    private static long count(StepExecution step, Metric.MetricType type) {
        for (Metric metric : step.getMetrics()) {
            if (metric.getType() == type) {
                return metric.getValue();
            }
        }
        return 0;
    }

    private static List<Long> plus(List<Long> a, List<Long> b) {
        List<Long> sum = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            sum.add(a.get(i) + b.get(i));
        }
        return sum;
    }
}
