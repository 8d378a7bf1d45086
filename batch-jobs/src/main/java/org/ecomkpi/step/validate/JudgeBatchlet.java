package org.ecomkpi.step.validate;

import java.math.BigDecimal;
import java.util.Map;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.Batchlet;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.DataQualityReport;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.RunOutcome;
import org.ecomkpi.run.RunSettings;
import org.ecomkpi.run.StepTally;

/**
 * The validate job's verdict on the whole batch, once every row was read: counts the ITEM_COUNT_MISMATCH
 * warnings, checks the reject ratio of each file type against the limit, and then either fails the batch
 * (exit status {@code REJECTED}) or writes the reject archives and the report (exit status
 * {@code VALIDATED}).
 */
@Named
public class JudgeBatchlet extends RunArtifact implements Batchlet {
    public static final String VALIDATED = "VALIDATED";

    @Inject
    @BatchProperty(name = RunSettings.REJECT_LIMIT)
    String rejectLimit;

    @Override
    public String process() {
        ValidationRun run = ValidationRun.of(jobContext, storage, runId, bucketLocation, storeSpec);
        Bucket bucket = run.bucket;
        run.prepare(FileType.ORDER_ITEMS,
                StepTally.readFrom(bucket, runId, FileType.ORDER_ITEMS).map(StepTally::parts).orElse(0));
        double limit = RunSettings.parseRejectLimit(rejectLimit);
        RunOutcome outcome = RunOutcome.readFrom(bucket, runId)
                .judgement(new RunOutcome.Judgement(BigDecimal.valueOf(limit), run.validator().itemCountMismatches()));
        for (Map.Entry<FileType, DataQualityReport.TypeTotals> e : DataQualityReport.totals(bucket, runId).entrySet()) {
            DataQualityReport.TypeTotals t = e.getValue();
            if (t.read() > 0 && (double) t.rejected() / t.read() > limit) {
                String message = String.format(java.util.Locale.ROOT,
                        "%s: %d of %d rows rejected (%.2f %%), above the limit of %.2f %%", e.getKey().folder(),
                        t.rejected(), t.read(), 100.0 * t.rejected() / t.read(), 100 * limit);
                outcome.rejection(RunOutcome.Rejection.ofBatch(RunOutcome.Reason.REJECT_RATIO, message))
                        .writeTo(bucket, runId);
                RunLog.error(runId, "validate", "judge", "batch fails: " + message, Map.of());
                return SourceFileReader.REJECTED;
            }
        }
        int archives = RejectFiles.compose(bucket, run.manifest);
        outcome.status(RunOutcome.Status.VALIDATED).writeTo(bucket, runId);
        DataQualityReport.write(bucket, runId);
        RunLog.info(runId, "validate", "judge", "batch validated", Map.of("rejectArchives", archives));
        return VALIDATED;
    }

    @Override
    public void stop() {
        // short: nothing to interrupt
    }
}
