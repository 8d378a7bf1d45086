package org.ecomkpi.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.logging.RunContext;
import org.ecomkpi.store.KpiStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the whole pipeline once, validate then transform, in this JVM; then the KPI tables. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the whole pipeline once over what is in <bucket>/landing-data/: validate, then "
                + "transform when the batch is accepted. Prints a summary and both KPI tables."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Mixin
    JobOptions jobOptions;

    @Mixin
    ClaimOptions claim;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--sample", description = "First copy the bundled sample drop (2,000 orders, January 2024) "
            + "into <bucket>/landing-data/.")
    boolean sample;

    @Option(names = "--reject-limit", paramLabel = "L", converter = JobParameters.RejectLimitConverter.class,
            description = "Largest share of rejected rows of any file type before the batch fails: 0.05 or 5%%. "
                    + "Default: 5%%.")
    Double rejectLimit;

    @Option(names = "--run-id", paramLabel = "ID", converter = RunId.Converter.class,
            description = "Run id (letters, digits, '.', '_', '-'); the same id restarts a failed run. "
                    + "Default: run-<UTC time>-<4 hex>.")
    String runId;

    @Override
    public Integer call() {
        log.apply();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String id = runId != null ? runId : RunId.generate(Clock.systemUTC());
        PipelineCommand root = PipelineCommand.of(spec);
        Bucket opened = root.bucket(jobOptions.bucket);
        if (sample) {
            List<String> copied = SampleDrop.copyTo(opened);
            err.println("copied the sample drop (" + copied.size() + " files) into "
                    + jobOptions.bucket.where(BucketLayout.LANDING));
            err.flush();
        }
        JobParameters parameters = new JobParameters(jobOptions.bucket, jobOptions.store,
                Optional.ofNullable(rejectLimit), Optional.ofNullable(jobOptions.chunkSize),
                Optional.ofNullable(claim.settleSeconds), Optional.ofNullable(jobOptions.partitionThreads),
                Optional.ofNullable(jobOptions.partitionBytes));
        String again = "pipeline run --bucket " + jobOptions.bucket + " --store " + jobOptions.store;
        try (RunContext.Scope scope = RunContext.enter(id, null);
             JobRunner jobs = JobRunner.open(root, parameters, again, metrics.open(out))) {
            JobEnd validated = JobEnd.of(jobs.launch(JobRunner.VALIDATE, id));
            if (validated == JobEnd.NO_BATCH) {
                err.println(NothingToProcess.message(opened, jobOptions.bucket));
                err.flush();
                return ExitCode.SUCCESS.code();
            }
            RunSummary afterValidate = RunSummary.of(opened, jobOptions.bucket, id);
            afterValidate.requireAgreesWith(JobRunner.VALIDATE, validated);
            if (validated == JobEnd.REJECTED) {
                afterValidate.print(out);
                throw new CommandFailure(ExitCode.BATCH_REJECTED, afterValidate.rejection()
                        .orElse("batch of run " + id + " rejected"), afterValidate.rejectionHint());
            }
            JobEnd transformed = JobEnd.of(jobs.launch(JobRunner.TRANSFORM, id));
            RunSummary summary = RunSummary.of(opened, jobOptions.bucket, id);
            summary.requireAgreesWith(JobRunner.TRANSFORM, transformed);
            if (transformed != JobEnd.PROCESSED) {
                throw new CommandFailure(transformed.exitCode(), "transform of run " + id + " ended "
                        + transformed + " (run status " + summary.status() + ")", "");
            }
            summary.print(out);
        }
        out.println();
        try (KpiStore kpis = root.store(jobOptions.store)) {
            for (KpiTable table : KpiTable.values()) {
                OutputFormat.TABLE.write(table, table.rows(kpis, Optional.empty(), Optional.empty()), out);
                out.println();
            }
        }
        out.flush();
        return ExitCode.SUCCESS.code();
    }
}
