package org.ecomkpi.step.validate;

import java.util.List;

import jakarta.batch.runtime.context.JobContext;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Order;
import org.ecomkpi.run.AcceptedRows;
import org.ecomkpi.run.BatchManifest;
import org.ecomkpi.run.Staging;
import org.ecomkpi.run.StepTally;
import org.ecomkpi.run.Storage;
import org.ecomkpi.store.KpiStore;
import org.ecomkpi.rules.BatchValidator;
import org.ecomkpi.rules.OrderLookup;
import org.ecomkpi.rules.ProductCatalogue;
import org.ecomkpi.rules.Verdict;

/**
 * The validate job's in-memory state in this JVM: the batch's {@link BatchValidator}, which holds what the batch
 * accepted so far (the catalogue with the batch's products, then the accepted orders, then the accepted items), and
 * the bucket, store and manifest every step works on. It lives in the job context's transient user data because it
 * is the run's, not one step's: the products step judges with its validator; a later step's partitions judge against
 * it (an item's product and order) and {@link CombinePartitionsBatchlet} adds each partitioned step's accepted rows to
 * it. A partitioned step's mapper makes it ready before the partitions start, so every partition shares it,
 * read-only. It carries no row or reject of a chunk (those travel in the chunk as {@link RowVerdict}s) and nothing of
 * one step or partition (its validator is a {@link StepValidator}, its tally its writer's).
 *
 * <p>After a restart in a new JVM it is rebuilt from what the steps had committed: the catalogue from the
 * store, then the staged accepted parts of the steps already run, up to the running step's checkpoint. So a
 * restart never reads an input file again from its start, and judges every later row exactly as the first
 * attempt would have.
 */
final class ValidationRun {
    /** The order the validate job's steps read the file types in: the catalogue first, then orders, then items. */
    static final List<FileType> STEPS = List.of(FileType.PRODUCTS, FileType.ORDERS, FileType.ORDER_ITEMS);

    final String runId;
    final Bucket bucket;
    final KpiStore store;
    final BatchManifest manifest;

    private BatchValidator validator;
    private String productsFile;

    private ValidationRun(String runId, Bucket bucket, KpiStore store, BatchManifest manifest) {
        this.runId = runId;
        this.bucket = bucket;
        this.store = store;
        this.manifest = manifest;
    }

    /** The run's state kept in the job context, created on first use in this JVM. */
    static ValidationRun of(JobContext job, Storage storage, String runId, String bucketLocation, String storeSpec) {
        if (job.getTransientUserData() instanceof ValidationRun run) {
            return run;
        }
        Bucket bucket = storage.bucket(bucketLocation);
        BatchManifest manifest = BatchManifest.readFrom(bucket, runId).orElseThrow(() -> new IllegalStateException(
                "run " + runId + " has no manifest in " + bucket.location() + ": its claim step has not run"));
        ValidationRun run = new ValidationRun(runId, bucket, storage.store(storeSpec), manifest);
        job.setTransientUserData(run);
        return run;
    }

    /**
     * Makes the validator ready for {@code step}, whose first {@code committedParts} parts are already staged.
     * Does nothing when this JVM has been validating the batch all along.
     */
    void prepare(FileType step, int committedParts) {
        if (validator != null) {
            return;
        }
        ProductCatalogue catalogue = store.loadCatalogue();
        validator = new BatchValidator(catalogue, manifest.startedAt(), new StoredOrders(store),
                RowEstimate.of(bucket, manifest.toRead(FileType.ORDERS)),
                RowEstimate.of(bucket, manifest.toRead(FileType.ORDER_ITEMS)));
        for (FileType type : STEPS) {
            int parts = type == step ? committedParts
                    : STEPS.indexOf(type) < STEPS.indexOf(step)
                            ? StepTally.readFrom(bucket, runId, type).map(StepTally::parts).orElse(0)
                            : 0;
            for (int part = 0; part < parts; part++) {
                try (AcceptedRows.Reader rows = AcceptedRows.read(bucket, Staging.acceptedPart(runId, type, part), 0)) {
                    for (Object row = rows.next(); row != null; row = rows.next()) {
                        remember(row);
                    }
                }
            }
        }
    }

    private void remember(Object row) {
        if (row instanceof AcceptedRows.StagedProduct staged) {
            enterProductsFile(staged.fileKey());
            validator.rememberProduct(staged.product());
        } else if (row instanceof Order order) {
            validator.rememberOrder(order);
        } else {
            validator.rememberItem((ItemVersion) row);
        }
    }

    private void enterProductsFile(String fileKey) {
        if (!fileKey.equals(productsFile)) {
            productsFile = fileKey;
            validator.startProductsFile();
        }
    }

    BatchValidator validator() {
        return validator;
    }

    /** The verdict of {@code validator} (this run's, or a partition's) on a row of {@code type}. */
    Verdict<?> judge(BatchValidator validator, FileType type, SourceRow row) {
        return switch (type) {
            case PRODUCTS -> {
                enterProductsFile(row.file());
                yield validator.product(row);
            }
            case ORDERS -> validator.order(row);
            case ORDER_ITEMS -> validator.item(row);
        };
    }

    /**
     * A validator for one partition of a partitioned step, pre-sized for about {@code expectedRows} rows of its type:
     * it sees the batch only through this run's validator (the catalogue with the batch's products, the batch's
     * accepted orders) and the store, and judges DUPLICATE_KEY within its partition; the step's
     * {@link CombinePartitionsBatchlet} judges it across them. Call {@link #prepare} first.
     */
    BatchValidator partitionValidator(FileType type, long expectedRows) {
        if (type == FileType.ORDERS) {
            return new BatchValidator(new ProductCatalogue(), manifest.startedAt(), OrderLookup.NONE, expectedRows, 0);
        }
        BatchValidator batch = validator;
        StoredOrders stored = new StoredOrders(store);
        return new BatchValidator(batch.catalogue(), manifest.startedAt(),
                orderId -> batch.isAcceptedOrder(orderId) || stored.isCurrent(orderId), 0, expectedRows);
    }
}
