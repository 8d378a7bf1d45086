package org.ecomkpi.cli;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;

import org.ecomkpi.run.RunSettings;
import org.ecomkpi.jberet.JobLauncher;
import org.jberet.operations.AbstractJobOperator;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;

/**
 * Every run the job repository knows, read through JBeret's {@link JobOperator}: the validate and transform job
 * executions that carry a run id, with their step executions. What {@code runs list} and {@code runs show} print.
 */
final class RunHistory {
    private static final List<String> JOBS = List.of(JobRunner.VALIDATE, JobRunner.TRANSFORM);

    private RunHistory() {
    }

    /** One step execution: status, counts, and where its reader would restart. */
    record StepRun(String name, BatchStatus status, String exitStatus, Optional<Instant> start, Optional<Instant> end,
                   Map<Metric.MetricType, Long> metrics, Optional<String> checkpoint, Optional<String> failure) {

        long count(Metric.MetricType type) {
            return metrics.getOrDefault(type, 0L);
        }

        long skips() {
            return count(Metric.MetricType.READ_SKIP_COUNT) + count(Metric.MetricType.PROCESS_SKIP_COUNT)
                    + count(Metric.MetricType.WRITE_SKIP_COUNT);
        }
    }

    /** One job execution of a run. */
    record JobRun(String job, long instanceId, long executionId, BatchStatus status, String exitStatus,
                  Optional<Instant> created, Optional<Instant> start, Optional<Instant> end, Properties parameters,
                  List<StepRun> steps) {

        boolean unfinished() {
            return status == BatchStatus.STARTING || status == BatchStatus.STARTED || status == BatchStatus.STOPPING;
        }

        /** Why it failed: the failed or stopped steps and their errors; empty when it did not fail. */
        Optional<String> failure() {
            if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
                return Optional.empty();
            }
            List<String> reasons = new ArrayList<>();
            for (StepRun step : steps) {
                if (step.status() == BatchStatus.FAILED || step.status() == BatchStatus.STOPPED) {
                    reasons.add("step '" + step.name() + "' " + step.status()
                            + step.failure().map(f -> ": " + f).orElse(""));
                }
            }
            if (reasons.isEmpty()) {
                return Optional.of("job " + status + " (exit status " + exitStatus + ")");
            }
            return Optional.of(String.join("; ", reasons));
        }
    }

    /**
     * A run: its job executions, oldest first.
     *
     * @param runId the run id
     * @param jobs  every execution of validate and transform for it, by creation
     */
    record Run(String runId, List<JobRun> jobs) {

        /** The newest execution: its job and status are the run's. */
        JobRun last() {
            return jobs.get(jobs.size() - 1);
        }

        Optional<Instant> start() {
            return jobs.stream().map(JobRun::start).flatMap(Optional::stream).min(Comparator.naturalOrder());
        }

        /** When the newest execution ended; empty while it runs. */
        Optional<Instant> end() {
            return last().end();
        }

        Optional<Duration> duration() {
            return start().flatMap(s -> end().map(e -> Duration.between(s, e)));
        }

        /** Rows the validate job read (rejected ones included), over all its executions. */
        long rows() {
            return validateSteps().mapToLong(s -> s.count(Metric.MetricType.READ_COUNT)
                    + s.count(Metric.MetricType.READ_SKIP_COUNT)).sum();
        }

        /** Rows the validate job rejected (skipped), over all its executions. */
        long rejects() {
            return validateSteps().mapToLong(StepRun::skips).sum();
        }

        private java.util.stream.Stream<StepRun> validateSteps() {
            return jobs.stream().filter(j -> j.job().equals(JobRunner.VALIDATE)).flatMap(j -> j.steps().stream());
        }

        /** The newest execution of each job, validate first. */
        List<JobRun> lastOfEachJob() {
            Map<String, JobRun> last = new LinkedHashMap<>();
            for (String job : JOBS) {
                jobs.stream().filter(j -> j.job().equals(job)).reduce((a, b) -> b).ifPresent(j -> last.put(job, j));
            }
            return List.copyOf(last.values());
        }

        /**
         * The command that goes on with the run: a restart of the newest failed or stopped execution (or of an
         * unfinished one whose process may be gone), with the bucket, store and settings it ran with.
         */
        Optional<String> restartCommand() {
            JobRun last = last();
            if (last.status() != BatchStatus.FAILED && last.status() != BatchStatus.STOPPED && !last.unfinished()) {
                return Optional.empty();
            }
            Properties p = last.parameters();
            StringBuilder command = new StringBuilder("pipeline " + last.job() + " --run-id " + runId);
            option(command, "--bucket", p.getProperty(RunSettings.BUCKET));
            option(command, "--store", p.getProperty(RunSettings.STORE));
            option(command, "--chunk-size", p.getProperty(RunSettings.CHUNK_SIZE));
            if (last.job().equals(JobRunner.VALIDATE)) {
                option(command, "--reject-limit", p.getProperty(RunSettings.REJECT_LIMIT));
                option(command, "--settle-seconds", p.getProperty(RunSettings.SETTLE_SECONDS));
            }
            return Optional.of(command.toString());
        }

        private static void option(StringBuilder command, String name, String value) {
            if (value != null) {
                command.append(' ').append(name).append(' ').append(quoted(value));
            }
        }

        private static String quoted(String value) {
            return value.matches("[A-Za-z0-9_./:=%+@-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
        }
    }

    /** Every run, newest first (by the creation of its newest execution). */
    static List<Run> all(JobLauncher launcher) {
        JobOperator operator = launcher.operator();
        Map<String, List<JobRun>> byRun = new TreeMap<>();
        for (String job : JOBS) {
            List<JobInstance> instances;
            try {
                instances = operator.getJobInstances(job, 0, Integer.MAX_VALUE);
            } catch (NoSuchJobException e) {
                continue;
            }
            for (JobInstance instance : instances) {
                for (JobExecution execution : operator.getJobExecutions(instance)) {
                    String runId = execution.getJobParameters() == null ? null
                            : execution.getJobParameters().getProperty(JobLauncher.RUN_ID);
                    if (runId != null) {
                        byRun.computeIfAbsent(runId, id -> new ArrayList<>())
                                .add(jobRun(operator, job, instance, execution));
                    }
                }
            }
        }
        Comparator<JobRun> byCreation = Comparator.comparing((JobRun j) -> j.created().orElse(Instant.EPOCH))
                .thenComparingLong(JobRun::executionId);
        List<Run> runs = new ArrayList<>();
        byRun.forEach((runId, jobs) -> {
            jobs.sort(byCreation);
            runs.add(new Run(runId, List.copyOf(jobs)));
        });
        runs.sort(Comparator.comparing(Run::last, byCreation).reversed());
        return runs;
    }

    /** The run {@code runId}; empty when the repository has no execution of it. */
    static Optional<Run> of(JobLauncher launcher, String runId) {
        List<JobRun> jobs = new ArrayList<>();
        for (String job : JOBS) {
            for (JobExecution execution : launcher.executionsOfRun(job, runId)) {
                JobInstance instance = launcher.operator().getJobInstance(execution.getExecutionId());
                jobs.add(jobRun(launcher.operator(), job, instance, execution));
            }
        }
        if (jobs.isEmpty()) {
            return Optional.empty();
        }
        jobs.sort(Comparator.comparing((JobRun j) -> j.created().orElse(Instant.EPOCH))
                .thenComparingLong(JobRun::executionId));
        return Optional.of(new Run(runId, List.copyOf(jobs)));
    }

    private static JobRun jobRun(JobOperator operator, String job, JobInstance instance, JobExecution execution) {
        List<StepRun> steps = new ArrayList<>();
        for (StepExecution step : operator.getStepExecutions(execution.getExecutionId())) {
            steps.add(stepRun(operator, step));
        }
        Properties parameters = execution.getJobParameters() == null ? new Properties() : execution.getJobParameters();
        String exit = execution.getExitStatus() == null ? execution.getBatchStatus().name() : execution.getExitStatus();
        return new JobRun(job, instance.getInstanceId(), execution.getExecutionId(), execution.getBatchStatus(), exit,
                instant(execution.getCreateTime()), instant(execution.getStartTime()), instant(execution.getEndTime()),
                parameters, List.copyOf(steps));
    }

    private static StepRun stepRun(JobOperator operator, StepExecution step) {
        Map<Metric.MetricType, Long> metrics = new TreeMap<>();
        if (step.getMetrics() != null) {
            for (Metric metric : step.getMetrics()) {
                metrics.put(metric.getType(), metric.getValue());
            }
        }
        Optional<String> checkpoint = Optional.empty();
        Optional<String> failure = Optional.empty();
        if (step instanceof StepExecutionImpl impl) {
            Serializable reader = impl.getReaderCheckpointInfo();
            checkpoint = Optional.ofNullable(reader).map(Object::toString);
            if (checkpoint.isEmpty()) {
                checkpoint = partitionCheckpoints(operator, impl);
            }
            if (impl.getException() != null) {
                failure = Optional.of(FailureReport.describe(impl.getException()));
            }
        }
        String exit = step.getExitStatus() == null ? step.getBatchStatus().name() : step.getExitStatus();
        if (failure.isEmpty() && step.getBatchStatus() == BatchStatus.FAILED && !exit.equals("FAILED")) {
            failure = Optional.of("exit status " + exit);
        }
        return new StepRun(step.getStepName(), step.getBatchStatus(), exit, instant(step.getStartTime()),
                instant(step.getEndTime()), Map.copyOf(metrics), checkpoint, failure);
    }

    /** A partitioned step's reader checkpoints, one per partition ({@code partition N: ...}); empty for others. */
    private static Optional<String> partitionCheckpoints(JobOperator operator, StepExecutionImpl step) {
        if (!(operator instanceof AbstractJobOperator jberet)) {
            return Optional.empty();
        }
        List<String> checkpoints = new ArrayList<>();
        for (PartitionExecutionImpl partition : jberet.getJobRepository().getPartitionExecutions(
                step.getStepExecutionId(), step, false, RunHistory.class.getClassLoader())) {
            Serializable reader = partition.getReaderCheckpointInfo();
            if (reader != null) {
                checkpoints.add("partition " + partition.getPartitionId() + ": " + reader);
            }
        }
        return checkpoints.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", checkpoints));
    }

    private static Optional<Instant> instant(Date date) {
        return Optional.ofNullable(date).map(d -> d.toInstant().truncatedTo(ChronoUnit.MILLIS));
    }
}
