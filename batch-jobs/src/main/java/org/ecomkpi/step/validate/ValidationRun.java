package org.ecomkpi.step.validate;

import java.util.ArrayList;
import java.util.List;

import jakarta.batch.runtime.context.JobContext;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Order;
import org.ecomkpi.row.Product;
import org.ecomkpi.run.AcceptedRows;
import org.ecomkpi.run.BatchManifest;
import org.ecomkpi.run.Staging;
import org.ecomkpi.run.StepTally;
import org.ecomkpi.run.Storage;
import org.ecomkpi.store.KpiStore;
import org.ecomkpi.rules.AcceptedItem;
import org.ecomkpi.rules.BatchValidator;
import org.ecomkpi.rules.ProductCatalogue;
import org.ecomkpi.rules.Verdict;
import org.ecomkpi.rules.WarningCode;

/**
 * The validate job's in-memory state in this JVM: the batch's {@link BatchValidator}, the tally of the
 * running step, and the rows of the running chunk on their way to staged parts. It lives in the job
 * context's transient user data, shared by the step's reader, processor, skip listener and writer.
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
    private StepTally tally = new StepTally();
    private final List<Object> acceptedRows = new ArrayList<>();
    private final RejectSpool rejects = new RejectSpool();

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

    // ------------------------------------------------------------ the running step

    StepTally tally() {
        return tally;
    }

    void resumeStep(StepTally committed) {
        tally = committed == null ? new StepTally() : committed.copy();
        acceptedRows.clear();
        rejects.clear();
    }

    /** Validates a row; returns it as staged ({@link AcceptedRows}) or throws the skippable rejection. */
    Object validate(FileType type, SourceRow row) throws RowRejectedException {
        Verdict<?> verdict = switch (type) {
            case PRODUCTS -> {
                enterProductsFile(row.file());
                yield validator.product(row);
            }
            case ORDERS -> validator.order(row);
            case ORDER_ITEMS -> validator.item(row);
        };
        if (verdict instanceof Verdict.Rejected<?> rejected) {
            throw new RowRejectedException(row, rejected.rule(), rejected.message());
        }
        Verdict.Accepted<?> accepted = (Verdict.Accepted<?>) verdict;
        for (WarningCode warning : accepted.warnings()) {
            tally.file(row.file()).countWarning(warning, 1);
        }
        return switch (type) {
            case PRODUCTS -> new AcceptedRows.StagedProduct(row.file(), (Product) accepted.row());
            case ORDERS -> accepted.row();
            case ORDER_ITEMS -> ((AcceptedItem) accepted.row()).version();
        };
    }

    void accepted(String fileKey, Object row) {
        tally.file(fileKey).countAccepted();
        acceptedRows.add(row);
    }

    void rejected(RowRejectedException rejection) {
        SourceRow row = rejection.row();
        tally.file(row.file()).countRejected(rejection.rule());
        rejects.add(Staging.rejectCells(row.file(), row.line(), rejection.rule().name(), rejection.reason(),
                row.cells()));
    }

    /** Writes the chunk's rows as the next part and the tally, and returns the checkpoint to commit. */
    StepTally commitChunk(FileType type) {
        if (!acceptedRows.isEmpty() || !rejects.isEmpty()) {
            int part = tally.parts();
            bucket.write(Staging.acceptedPart(runId, type, part), AcceptedRows.encode(acceptedRows));
            rejects.writeTo(bucket, Staging.rejectedPart(runId, type, part));
            tally.partWritten();
            acceptedRows.clear();
            rejects.clear();
        }
        tally.writeTo(bucket, runId, type);
        return tally.copy();
    }
}
