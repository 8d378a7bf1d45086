package org.ecomkpi.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ecomkpi.bucket.BatchClaims;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.bucket.BucketLocation;
import org.ecomkpi.bucket.ObjectKey;
import org.ecomkpi.run.DataQualityReport;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.RunOutcome;
import org.ecomkpi.store.KpiStore;
import org.ecomkpi.store.StoreLocation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code archive-failed --run-id ID}: the failure path of a run whose job failed after its retries (SPEC section 6).
 * Moves the batch the run still holds to {@code invalid-data/<runId>/input/}, unchanged, under the same relative
 * paths, and marks the run {@link RunOutcome.Status#FAILED}. The state machine runs it in a container: the bucket's
 * own copy encodes any name (a space, {@code %}, {@code +}, an apostrophe, non-ASCII), which Step Functions' S3
 * integration cannot.
 *
 * <p>A run whose KPIs were applied is refused (exit 2): its rows are counted, so its inputs are not invalid data.
 */
@Command(name = "archive-failed", mixinStandardHelpOptions = true,
        description = {"Moves the batch a failed run still holds, <bucket>/runs/<id>/input/..., unchanged to "
                + "invalid-data/<id>/input/... (same relative paths; reject files under invalid-data/<id>/ are never "
                + "written) and marks the run failed. Run it once the run's jobs have stopped; a retry finishes a "
                + "partial move. Exit 0 when archived or nothing to archive, 2 when the run was processed or its "
                + "KPIs applied."})
final class ArchiveFailedCommand implements Callable<Integer> {
    static final String NAME = "archive-failed";

    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Option(names = "--run-id", paramLabel = "ID", required = true, converter = RunId.Converter.class,
            description = "The failed run.")
    String runId;

    @Option(names = "--bucket", paramLabel = "B", converter = LocationConverters.Bucket.class,
            description = "Where runs/ is: a folder, file:<path> or s3://<bucket>[/<prefix>]. "
                    + "Default: $PIPELINE_BUCKET, else ./.pipeline/bucket.")
    BucketLocation bucket;

    @Option(names = "--store", paramLabel = "S", converter = LocationConverters.Store.class,
            description = "Where to check that the run's KPIs were not applied: h2:<path> or dynamodb. "
                    + "Default: $PIPELINE_STORE, else h2:./.pipeline/store (skipped when that file does not exist).")
    StoreLocation store;

    @Override
    public Integer call() {
        log.apply();
        PrintWriter out = spec.commandLine().getOut();
        Bucket opened = PipelineCommand.of(spec).bucket(bucket);
        RunOutcome outcome = RunOutcome.readFrom(opened, runId);
        requireNotCounted(outcome);
        String input = BucketLayout.runInput(runId);
        String archive = BucketLayout.invalidInput(runId);
        if (opened.list(input).isEmpty()) {
            out.println(NAME + " " + runId + ": nothing to archive, " + bucket.where(input) + " holds no file");
            out.flush();
            return ExitCode.SUCCESS.code();
        }
        // recorded before the first move, so transform refuses the run even if this command dies half-way
        if (outcome.status().filter(s -> s == RunOutcome.Status.REJECTED).isEmpty()) {
            outcome.status(RunOutcome.Status.FAILED).archivedTo(archive).writeTo(opened, runId);
            if (opened.exists(BucketLayout.report(runId))) {
                DataQualityReport.write(opened, runId);
            }
        }
        List<String> archived = BatchClaims.of(opened).archiveFailed(runId);
        RunLog.info(runId, NAME, "move", "failed run's batch archived", Map.of("files", archived.size(),
                "to", archive));
        out.println(NAME + " " + runId + ": moved " + archived.size() + (archived.size() == 1 ? " file" : " files")
                + " from " + bucket.where(input) + " to " + bucket.where(archive));
        for (String key : archived) {
            out.println("  moved " + ObjectKey.relativeTo(archive, key));
        }
        out.flush();
        return ExitCode.SUCCESS.code();
    }

    /** Refuses a run whose rows are counted: the outcome says processed, or the store applied its run id. */
    private void requireNotCounted(RunOutcome outcome) {
        if (outcome.status().filter(s -> s == RunOutcome.Status.PROCESSED).isPresent()) {
            throw new CommandFailure(ExitCode.USAGE, "run " + runId + " was processed: its KPIs are counted and its "
                    + "inputs archived to " + bucket.where(BucketLayout.processed(runId)) + "; it is not a failed run",
                    "nothing to archive");
        }
        if (!store.exists()) {
            return;
        }
        boolean applied;
        try (KpiStore kpis = PipelineCommand.of(spec).store(store)) {
            applied = kpis.isApplied(runId);
        }
        if (applied) {
            throw new CommandFailure(ExitCode.USAGE, "run " + runId + " was applied to the KPIs in store " + store
                    + ": its rows are counted, so its inputs are not invalid data", "restart 'pipeline transform "
                    + "--run-id " + runId + "': it finishes the run and archives its inputs to "
                    + bucket.where(BucketLayout.processed(runId)));
        }
    }
}
