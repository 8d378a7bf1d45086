package org.ecomkpi.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import jakarta.batch.runtime.Metric.MetricType;

import org.ecomkpi.run.JsonText;
import org.ecomkpi.jberet.RunRefusedException;
import org.ecomkpi.store.H2Database;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code runs list|show|abandon}: the job repository seen and steered from outside (SPEC section 7). */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "The runs the job repository knows: list them, show one, stop a running one, abandon a dead one.",
        subcommands = {RunsCommand.Listing.class, RunsCommand.Show.class, RunsCommand.Stop.class,
                RunsCommand.Abandon.class})
final class RunsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: use runs list, runs show, runs stop or runs abandon");
    }

    /** How {@code runs list} and {@code runs show} write: aligned text for people, JSON for programs. */
    enum Format {
        TABLE, JSON;

        static final class Converter implements ITypeConverter<Format> {
            @Override
            public Format convert(String value) {
                for (Format format : values()) {
                    if (format.name().equalsIgnoreCase(value.trim())) {
                        return format;
                    }
                }
                throw new TypeConversionException("'" + value + "' is not a format; use table or json");
            }
        }
    }

    /** What every {@code runs} sub-command has: its command spec, the log options and the job repository. */
    abstract static class OnRepository {
        @Spec
        CommandSpec spec;

        @Mixin
        LogOptions log;

        @Mixin
        RepositoryOptions repository;
    }

    /** A sub-command about one run. */
    abstract static class OnOneRun extends OnRepository {
        @Parameters(index = "0", paramLabel = "RUN_ID", converter = RunId.Converter.class, description = "The run.")
        String runId;
    }

    /** {@code runs list}: every run, newest first, a page at a time. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the runs, newest first: the job and status of each run's newest execution, start, "
                    + "end, duration, rows read and rejected by validate.")
    static final class Listing extends OnRepository implements Callable<Integer> {
        @Option(names = "--format", paramLabel = "F", converter = Format.Converter.class, defaultValue = "table",
                description = "table (default) or json.")
        Format format;

        @Option(names = "--page", paramLabel = "P", defaultValue = "1", description = "Which page, from 1 (newest).")
        int page;

        @Option(names = "--page-size", paramLabel = "N", defaultValue = "20", description = "Runs a page. Default: 20.")
        int pageSize;

        @Override
        public Integer call() {
            log.apply();
            if (page < 1 || pageSize < 1) {
                throw new ParameterException(spec.commandLine(), "--page and --page-size must be 1 or more (got "
                        + page + " and " + pageSize + ")");
            }
            List<RunHistory.Run> runs;
            try (JobRunner opened = repository.open(PipelineCommand.of(spec))) {
                runs = RunHistory.all(opened.launcher());
            }
            int from = (int) Math.min(runs.size(), (long) (page - 1) * pageSize);
            List<RunHistory.Run> shown = runs.subList(from, Math.min(runs.size(), from + pageSize));
            int pages = Math.max(1, (runs.size() + pageSize - 1) / pageSize);
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.JSON) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("page", page);
                json.put("pageSize", pageSize);
                json.put("total", runs.size());
                json.put("runs", shown.stream().map(RunsCommand::summary).toList());
                out.println(JsonText.of(json));
            } else {
                TextTable table = TextTable.withColumns(
                        List.of("RUN ID", "JOB", "STATUS", "STARTED", "ENDED", "DURATION", "ROWS", "REJECTS"),
                        List.of(false, false, false, false, false, true, true, true));
                for (RunHistory.Run run : shown) {
                    table.row(List.of(run.runId(), run.last().job(), run.last().status().name(),
                            time(run.start()), time(run.end()), run.duration().map(RunsCommand::duration).orElse("-"),
                            Long.toString(run.rows()), Long.toString(run.rejects())));
                }
                table.print(out, "");
                out.println("page " + page + " of " + pages + " (" + runs.size()
                        + (runs.size() == 1 ? " run)" : " runs)")
                        + (page < pages ? "; --page " + (page + 1) + " for older runs" : ""));
            }
            out.flush();
            return ExitCode.SUCCESS.code();
        }
    }

    /** {@code runs show RUN_ID}: every job and step execution of one run. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows one run: every job and step execution with status, times, read/write/skip/commit "
                    + "counts, the reader's checkpoint (file index, byte offset, line), the failure, and the "
                    + "command that restarts it.")
    static final class Show extends OnOneRun implements Callable<Integer> {
        @Option(names = "--format", paramLabel = "F", converter = Format.Converter.class, defaultValue = "table",
                description = "table (default) or json.")
        Format format;

        @Override
        public Integer call() {
            log.apply();
            RunHistory.Run run;
            try (JobRunner opened = repository.open(PipelineCommand.of(spec))) {
                run = RunHistory.of(opened.launcher(), runId).orElseThrow(() -> unknownRun(runId));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.JSON) {
                Map<String, Object> json = summary(run);
                json.put("executions", run.jobs().stream().map(RunsCommand::execution).toList());
                json.put("restartCommand", run.restartCommand().orElse(null));
                out.println(JsonText.of(json));
                out.flush();
                return ExitCode.SUCCESS.code();
            }
            out.println("run " + run.runId() + ": " + run.last().job() + " " + run.last().status() + ", started "
                    + time(run.start()) + ", ended " + time(run.end()) + ", "
                    + run.duration().map(RunsCommand::duration).orElse("-") + ", " + run.rows() + " rows, "
                    + run.rejects() + " rejects");
            for (RunHistory.JobRun job : run.jobs()) {
                out.println();
                out.println(job.job() + " execution " + job.executionId() + " (instance " + job.instanceId() + "): "
                        + job.status() + " (exit " + job.exitStatus() + "), " + time(job.start()) + " to "
                        + time(job.end()));
                TextTable steps = TextTable.withColumns(List.of("STEP", "STATUS", "EXIT", "READ", "WRITE",
                        "SKIP", "COMMIT", "ROLLBACK", "CHECKPOINT"),
                        List.of(false, false, false, true, true, true, true, true, false));
                for (RunHistory.StepRun step : job.steps()) {
                    steps.row(List.of(step.name(), step.status().name(), step.exitStatus(),
                            Long.toString(step.count(MetricType.READ_COUNT)),
                            Long.toString(step.count(MetricType.WRITE_COUNT)), Long.toString(step.skips()),
                            Long.toString(step.count(MetricType.COMMIT_COUNT)),
                            Long.toString(step.count(MetricType.ROLLBACK_COUNT)), step.checkpoint().orElse("-")));
                }
                steps.print(out, "  ");
                job.failure().ifPresent(f -> out.println("  failure: " + f));
            }
            run.restartCommand().ifPresent(c -> {
                out.println();
                out.println("restart: " + c);
            });
            out.flush();
            return ExitCode.SUCCESS.code();
        }
    }

    /** {@code runs stop RUN_ID}: the process running the run, wherever it is, stops at its next checkpoint. */
    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Asks the run's running job to stop at its next checkpoint, through the job repository: the "
                    + "process running it (another machine included) ends STOPPED with exit 4, restartable. On the "
                    + "dynamodb store only: an H2 store is held by the process running on it (press Ctrl-C there or "
                    + "send it SIGTERM). Exit 2 when the run is not running.")
    static final class Stop extends OnOneRun implements Callable<Integer> {
        @Override
        public Integer call() {
            log.apply();
            String stopped;
            try (JobRunner opened = openForStop()) {
                RunHistory.Run run = RunHistory.of(opened.launcher(), runId).orElseThrow(() -> unknownRun(runId));
                String job = run.last().job();
                stopped = job + " execution " + opened.launcher().requestStop(job, runId);
            } catch (RunRefusedException e) {
                throw new CommandFailure(ExitCode.USAGE, e.getMessage(), "'pipeline runs show " + runId
                        + "' shows the run's executions", e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("run " + runId + ": asked " + stopped + " to stop; the process running it stops at its next "
                    + "checkpoint (exit 4), and the same command with --run-id " + runId + " restarts it");
            out.flush();
            return ExitCode.SUCCESS.code();
        }

        private JobRunner openForStop() {
            try {
                return repository.open(PipelineCommand.of(spec));
            } catch (CommandFailure e) {
                if (e.getCause() != null && H2Database.inUseByAnotherProcess(e.getCause())) {
                    throw new CommandFailure(ExitCode.INFRASTRUCTURE, "cannot stop run " + runId + " through store "
                            + repository.store + ": " + e.getMessage(), "a run on an H2 store holds it until it ends:"
                            + " press Ctrl-C where it runs, or send its process SIGTERM (kill -TERM <pid>); it stops"
                            + " at its next checkpoint and exits 4", e);
                }
                throw e;
            }
        }
    }

    /** {@code runs abandon RUN_ID}: a dead run is never restarted. */
    @Command(name = "abandon", mixinStandardHelpOptions = true,
            description = "Marks the run's dead execution (FAILED, STOPPED, or unfinished with its process gone) "
                    + "ABANDONED: validate and transform then refuse the run id. Exit 2 when the run is running, "
                    + "completed or unknown.")
    static final class Abandon extends OnOneRun implements Callable<Integer> {
        @Override
        public Integer call() {
            log.apply();
            List<String> abandoned = new ArrayList<>();
            try (JobRunner opened = repository.open(PipelineCommand.of(spec))) {
                RunHistory.Run run = RunHistory.of(opened.launcher(), runId).orElseThrow(() -> unknownRun(runId));
                // the newest job is the one to abandon; an earlier one that completed stays as it is
                String job = run.last().job();
                long executionId = opened.launcher().abandon(job, runId);
                abandoned.add(job + " execution " + executionId);
            } catch (RunRefusedException e) {
                throw new CommandFailure(ExitCode.USAGE, e.getMessage(), "'pipeline runs show " + runId
                        + "' shows the run's executions", e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("run " + runId + ": abandoned " + String.join(", ", abandoned)
                    + "; it will never be restarted");
            out.flush();
            return ExitCode.SUCCESS.code();
        }
    }

    private static CommandFailure unknownRun(String runId) {
        return new CommandFailure(ExitCode.USAGE, "the job repository has no run " + runId,
                "'pipeline runs list' lists the runs it has (check --store)");
    }

    private static Map<String, Object> summary(RunHistory.Run run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("runId", run.runId());
        json.put("job", run.last().job());
        json.put("status", run.last().status().name());
        json.put("start", run.start().map(Instant::toString).orElse(null));
        json.put("end", run.end().map(Instant::toString).orElse(null));
        json.put("durationMillis", run.duration().map(Duration::toMillis).orElse(null));
        json.put("rows", run.rows());
        json.put("rejects", run.rejects());
        return json;
    }

    private static Map<String, Object> execution(RunHistory.JobRun job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("job", job.job());
        json.put("instanceId", job.instanceId());
        json.put("executionId", job.executionId());
        json.put("status", job.status().name());
        json.put("exitStatus", job.exitStatus());
        json.put("start", job.start().map(Instant::toString).orElse(null));
        json.put("end", job.end().map(Instant::toString).orElse(null));
        json.put("failure", job.failure().orElse(null));
        List<Object> steps = new ArrayList<>();
        for (RunHistory.StepRun step : job.steps()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("step", step.name());
            s.put("status", step.status().name());
            s.put("exitStatus", step.exitStatus());
            s.put("start", step.start().map(Instant::toString).orElse(null));
            s.put("end", step.end().map(Instant::toString).orElse(null));
            s.put("read", step.count(MetricType.READ_COUNT));
            s.put("write", step.count(MetricType.WRITE_COUNT));
            s.put("skip", step.skips());
            s.put("commit", step.count(MetricType.COMMIT_COUNT));
            s.put("rollback", step.count(MetricType.ROLLBACK_COUNT));
            s.put("checkpoint", step.checkpoint().orElse(null));
            s.put("failure", step.failure().orElse(null));
            steps.add(s);
        }
        json.put("steps", steps);
        return json;
    }

    private static String time(Optional<Instant> instant) {
        return instant.map(i -> i.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).orElse("-");
    }

    private static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh %02dm %02ds", seconds / 3600, seconds / 60 % 60,
                seconds % 60) : String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
    }
}
