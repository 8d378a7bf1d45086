package org.ecomkpi.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.bucket.BucketLocation;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.BatchManifest;
import org.ecomkpi.run.DataQualityReport;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.run.RunOutcome;

/**
 * What a run did, read back from what its steps stored in the bucket: rows read, accepted and rejected per
 * file type, where rejects and the report are, and why a rejected batch failed.
 */
final class RunSummary {
    private final Bucket bucket;
    private final BucketLocation location;
    private final String runId;
    private final RunOutcome outcome;

    private RunSummary(Bucket bucket, BucketLocation location, String runId) {
        this.bucket = bucket;
        this.location = location;
        this.runId = runId;
        this.outcome = RunOutcome.readFrom(bucket, runId);
    }

    static RunSummary of(Bucket bucket, BucketLocation location, String runId) {
        return new RunSummary(bucket, location, runId);
    }

    /** The run's status as its steps recorded it ({@code none} before the claim). */
    String status() {
        return outcome.status().map(Enum::name).orElse("none");
    }

    /**
     * Checks that what the job's exit status claims is what its steps recorded: a job whose step failed but whose
     * transitions still reached its end says VALIDATED or PROCESSED without having done it.
     */
    void requireAgreesWith(String job, JobEnd end) {
        Optional<RunOutcome.Status> recorded = outcome.status();
        boolean agrees = switch (end) {
            case VALIDATED -> recorded.filter(s -> s == RunOutcome.Status.VALIDATED
                    || s == RunOutcome.Status.PROCESSED).isPresent();
            case PROCESSED -> recorded.filter(s -> s == RunOutcome.Status.PROCESSED).isPresent();
            default -> true;
        };
        if (!agrees) {
            throw new CommandFailure(ExitCode.INFRASTRUCTURE, "job " + job + " of run " + runId + " ended " + end
                    + " but the run's recorded status is " + status() + ": a step failed without failing the job",
                    "see the errors logged above; rerun with --verbose for their stack traces");
        }
    }

    void print(PrintWriter out) {
        out.println("run " + runId + ": " + status());
        Map<FileType, DataQualityReport.TypeTotals> totals = DataQualityReport.totals(bucket, runId);
        TextTable table = TextTable.withColumns(List.of("file type", "rows read", "accepted", "rejected"),
                List.of(false, true, true, true));
        for (Map.Entry<FileType, DataQualityReport.TypeTotals> e : totals.entrySet()) {
            DataQualityReport.TypeTotals t = e.getValue();
            table.row(List.of(e.getKey().folder(), grouped(t.read()), grouped(t.accepted()), grouped(t.rejected())));
        }
        table.print(out, "  ");
        List<InputFile> skipped = BatchManifest.readFrom(bucket, runId).map(BatchManifest::alreadyProcessed)
                .orElse(List.of());
        for (InputFile file : skipped) {
            out.println("  skipped " + file.relativePath() + ": content already processed by run "
                    + file.alreadyProcessed().orElseThrow());
        }
        printUnrecognised(out);
        long rejected = totals.values().stream().mapToLong(DataQualityReport.TypeTotals::rejected).sum();
        String invalid = BucketLayout.invalidData(runId);
        if (outcome.status().filter(s -> s == RunOutcome.Status.REJECTED).isPresent()) {
            out.println("  batch moved to:  " + location.where(invalid));
        } else if (rejected > 0) {
            out.println("  rejected rows:   " + location.where(invalid) + " (original columns + _line, _rule, _message)");
        }
        if (bucket.exists(BucketLayout.report(runId))) {
            out.println("  report:          " + location.where(BucketLayout.report(runId)));
        }
        if (bucket.exists(BucketLayout.reportPage(runId))) {
            out.println("  report page:     " + location.where(BucketLayout.reportPage(runId)));
        }
        out.flush();
    }

    /**
     * Names the files the claim left in landing because the pipeline does not recognise them (SPEC section 2) or
     * may not take them (a local bucket's symbolic links).
     */
    void printUnrecognised(PrintWriter out) {
        Optional<BatchManifest> manifest = BatchManifest.readFrom(bucket, runId);
        for (String key : manifest.map(BatchManifest::unrecognised).orElse(List.of())) {
            out.println("  not recognised, left in place: " + location.where(key));
        }
        for (String refused : manifest.map(BatchManifest::refused).orElse(List.of())) {
            out.println("  refused, left in place: " + refused);
        }
        out.flush();
    }

    /**
     * Why the whole batch failed, as one line naming the file, line and column when the cause is in a file;
     * empty when the batch did not fail.
     */
    Optional<String> rejection() {
        Optional<RunOutcome.Rejection> rejection = outcome.rejection();
        if (rejection.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        parts.add("batch of run " + runId + " rejected (" + rejection.get().reason() + ")");
        Optional<RunOutcome.FilePosition> at = rejection.get().at();
        String message = rejection.get().message();
        if (at.isPresent()) {
            // the stored message starts with the file's key in the run; say where the user put it instead
            message = message.replaceFirst("^.*?: line \\d+, column \\d+: ", "");
            parts.add(BucketLayout.landing(at.get().file()) + ", line " + at.get().line()
                    + ", column " + at.get().column());
        }
        parts.add(message);
        return Optional.of(String.join(": ", parts));
    }

    /** What to do about a rejected batch. */
    String rejectionHint() {
        boolean ratio = outcome.rejection().filter(r -> r.reason() == RunOutcome.Reason.REJECT_RATIO).isPresent();
        String archive = location.where(BucketLayout.invalidData(runId));
        if (ratio) {
            return "see the rejected rows under " + archive + "; fix the data or raise --reject-limit, then land "
                    + "the files again";
        }
        return "fix the file and land the batch again; its files were moved unchanged to " + archive;
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
