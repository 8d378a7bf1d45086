package org.ecomkpi.step.validate;

import java.util.Map;
import java.util.TreeMap;

import jakarta.batch.api.Batchlet;
import jakarta.inject.Named;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.notify.BatchFailure;
import org.ecomkpi.notify.Notifier;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.BatchManifest;
import org.ecomkpi.run.DataQualityReport;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.RunOutcome;
import org.ecomkpi.run.StepTally;
import org.ecomkpi.settings.PipelineSettings;

/**
 * Fails the whole batch (SPEC section 4): every input file moves unchanged to {@code invalid-data/<runId>/},
 * the report says why, and the failure is notified. No KPI has changed: only the transform job writes them.
 */
@Named
public class RejectBatchBatchlet extends RunArtifact implements Batchlet {
    @Override
    public String process() {
        Bucket bucket = bucket();
        BatchManifest manifest = BatchManifest.readFrom(bucket, runId).orElseThrow();
        String archive = BucketLayout.invalidData(runId);
        for (InputFile file : manifest.files()) {
            if (bucket.exists(file.key())) {
                bucket.move(file.key(), BucketLayout.invalidData(runId, file.relativePath()));
            }
        }
        RunOutcome outcome = RunOutcome.readFrom(bucket, runId).status(RunOutcome.Status.REJECTED);
        outcome.writeTo(bucket, runId);
        DataQualityReport.write(bucket, runId);
        Map<String, Long> rejects = new TreeMap<>();
        for (FileType type : FileType.values()) {
            StepTally.readFrom(bucket, runId, type)
                    .ifPresent(t -> t.rejectedByRule().forEach((r, n) -> rejects.merge(r.name(), n, Long::sum)));
        }
        Notifier.of(PipelineSettings.ofProcess().alertTopicArn(), AwsClients.ofProcess()).batchFailed(new BatchFailure(runId,
                outcome.rejection().map(r -> r.reason().name()).orElse("UNKNOWN"),
                outcome.rejection().map(RunOutcome.Rejection::message).orElse("batch rejected"), rejects, bucket.location() + "/" + archive));
        return SourceFileReader.REJECTED;
    }

    @Override
    public void stop() {
        // a handful of moves: let it finish
    }
}
