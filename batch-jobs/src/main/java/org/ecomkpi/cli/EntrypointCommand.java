package org.ecomkpi.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.logging.RunContext;
import org.ecomkpi.jberet.LaunchResult;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A container entrypoint (SPEC section 6): start or restart one job for a run id and print one line with the
 * outcome. Step Functions runs {@code validate} then {@code transform} with the same run id.
 */
abstract class EntrypointCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Mixin
    JobOptions jobOptions;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--run-id", paramLabel = "ID", required = true, converter = RunId.Converter.class,
            description = "The run (letters, digits, '.', '_', '-'); the same id restarts a failed or stopped job.")
    String runId;

    /** The job this entrypoint runs. */
    abstract String job();

    Optional<Double> rejectLimit() {
        return Optional.empty();
    }

    Optional<Integer> settleSeconds() {
        return Optional.empty();
    }

    /** Whether the run id must name a run the bucket already has (transform), or may start one (validate). */
    boolean needsAnExistingRun() {
        return false;
    }

    @Override
    public Integer call() {
        log.apply();
        // the whole command is about this run and job: every line it logs says so, opening the repository's included
        try (RunContext.Scope scope = RunContext.enter(runId, job())) {
            return startOrRestart();
        }
    }

    private int startOrRestart() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PipelineCommand root = PipelineCommand.of(spec);
        Bucket opened = root.bucket(jobOptions.bucket);
        if (needsAnExistingRun()) {
            KnownRun.require(opened, jobOptions.bucket, runId);
        }
        JobParameters parameters = new JobParameters(jobOptions.bucket, jobOptions.store, rejectLimit(),
                Optional.ofNullable(jobOptions.chunkSize), settleSeconds(), Optional.ofNullable(jobOptions.partitionThreads),
                Optional.ofNullable(jobOptions.partitionBytes));
        LaunchResult result;
        try (JobRunner jobs = JobRunner.open(root, parameters, "pipeline " + job(), metrics.open(out))) {
            result = jobs.launch(job(), runId);
        }
        JobEnd end = JobEnd.of(result);
        out.println(job() + " " + runId + ": " + end + " (" + result.launch().name().toLowerCase(Locale.ROOT)
                .replace('_', ' ') + ", execution " + result.executionId() + ")");
        out.flush();
        RunSummary summary = RunSummary.of(opened, jobOptions.bucket, runId);
        summary.printUnrecognised(out);
        summary.requireAgreesWith(job(), end);
        switch (end) {
            case NO_BATCH -> {
                err.println(NothingToProcess.message(opened, jobOptions.bucket));
                err.flush();
            }
            case REJECTED -> throw new CommandFailure(ExitCode.BATCH_REJECTED,
                    summary.rejection().orElse("batch of run " + runId + " rejected"), summary.rejectionHint());
            case NOT_VALIDATED -> throw new CommandFailure(ExitCode.BATCH_REJECTED, "run " + runId
                    + " was not validated (status " + summary.status() + "); nothing to transform",
                    "run 'pipeline validate --run-id " + runId + "' first; a rejected batch is never transformed");
            default -> {
                // VALIDATED, PROCESSED: the line above says it all
            }
        }
        return end.exitCode().code();
    }
}
