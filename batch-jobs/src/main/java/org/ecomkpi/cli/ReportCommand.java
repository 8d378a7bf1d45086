package org.ecomkpi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.bucket.BucketLocation;
import org.ecomkpi.run.DataQualityReport;
import org.ecomkpi.run.RunOutcome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code report RUN_ID}: where a run's report page is, and optionally opens it. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Prints where the report page of a run is: runs/<RUN_ID>/report.html in the bucket, as a "
                + "path or an S3 URI. The page is self-contained (charts included, nothing fetched from the "
                + "network); its links to the reject files are relative to it. A run made before pages existed "
                + "gets its page written from its stored state."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    PipelineCommand pipeline;

    @Mixin
    LogOptions log;

    @Parameters(index = "0", paramLabel = "RUN_ID", converter = RunId.Converter.class,
            description = "The run (letters, digits, '.', '_', '-').")
    String runId;

    @Option(names = "--bucket", paramLabel = "B", converter = LocationConverters.Bucket.class,
            description = "Where the run's files are: a folder, file:<path> or s3://<bucket>[/<prefix>]. "
                    + "Default: $PIPELINE_BUCKET, else ./.pipeline/bucket.")
    BucketLocation bucket;

    @Option(names = "--open", description = "Also open the page in the desktop's browser (xdg-open or the Java "
            + "desktop); says so when it cannot.")
    boolean open;

    @Override
    public Integer call() {
        log.apply();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Bucket opened = pipeline.bucket(bucket);
        String page = BucketLayout.reportPage(runId);
        if (!opened.exists(page)) {
            requireReport(opened);
            DataQualityReport.writePage(opened, runId);
        }
        String where = bucket.where(page);
        out.println(where);
        out.flush();
        if (open) {
            String said = bucket.isS3()
                    ? "cannot open " + where + " in a browser: S3 objects are not web pages here; download it "
                    + "(aws s3 cp " + where + " .) or open it from the S3 console"
                    : PageOpener.open(Path.of(where), pipeline.environment()).message();
            err.println(said);
            err.flush();
        }
        return ExitCode.SUCCESS.code();
    }

    /** Fails unless the run has a report: a run that never got one, or no run at all, is a bad argument. */
    private void requireReport(Bucket opened) {
        if (opened.exists(BucketLayout.report(runId))) {
            return;
        }
        KnownRun.require(opened, bucket, runId);
        String status = RunOutcome.readFrom(opened, runId).status().map(Enum::name).orElse("none");
        throw new CommandFailure(ExitCode.USAGE, "run " + runId + " has no report yet (status " + status + ")",
                "the validate job writes it when it ends; 'pipeline validate --run-id " + runId + "' starts or "
                        + "restarts it");
    }
}
