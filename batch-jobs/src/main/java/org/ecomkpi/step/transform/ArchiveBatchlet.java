package org.ecomkpi.step.transform;

import java.util.Map;

import jakarta.batch.api.Batchlet;
import jakarta.inject.Named;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.run.BatchManifest;
import org.ecomkpi.run.DataQualityReport;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.RunOutcome;

/**
 * The last step of a successful run: inputs move to {@code processed/<runId>/} and the report is completed.
 * Idempotent: a file already moved is skipped.
 */
@Named
public class ArchiveBatchlet extends RunArtifact implements Batchlet {
    public static final String PROCESSED = "PROCESSED";

    @Override
    public String process() {
        Bucket bucket = bucket();
        BatchManifest manifest = BatchManifest.readFrom(bucket, runId).orElseThrow();
        String archive = BucketLayout.processed(runId);
        int moved = 0;
        for (InputFile file : manifest.files()) {
            if (bucket.exists(file.key())) {
                bucket.move(file.key(), BucketLayout.processed(runId, file.relativePath()));
                moved++;
            }
        }
        RunOutcome.readFrom(bucket, runId).status(RunOutcome.Status.PROCESSED).writeTo(bucket, runId);
        DataQualityReport.write(bucket, runId);
        RunLog.info(runId, "transform", "archive", "inputs archived", Map.of("files", moved, "to", archive));
        return PROCESSED;
    }

    @Override
    public void stop() {
        // a handful of moves: let it finish
    }
}
