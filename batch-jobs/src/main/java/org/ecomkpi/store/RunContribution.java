package org.ecomkpi.store;

import java.util.List;
import java.util.Objects;

import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.row.Product;

/**
 * Everything a successful run changes in the store, applied together and exactly once by
 * {@link KpiStore#applyRun(RunContribution)}.
 *
 * @param runId    the run; a store applies each run id at most once
 * @param parts    the order and item versions the run accepted, in the parts they were staged in: each becomes
 *                 the current version of its key
 * @param products accepted products of the batch, to upsert into the catalogue; for one id the later element
 *                 wins, so list them oldest file first
 * @param files    the input files the run counted, so their content is not counted again
 */
public record RunContribution(String runId, VersionParts parts, List<Product> products, List<ProcessedFile> files) {

    public RunContribution {
        BucketLayout.requireRunId(runId);
        Objects.requireNonNull(parts, "parts");
        products = List.copyOf(products);
        files = List.copyOf(files);
        for (ProcessedFile file : files) {
            if (!file.runId().equals(runId)) {
                throw new IllegalArgumentException("processed file " + file.fileKey() + " is recorded for run '"
                        + file.runId() + "' but belongs to the contribution of run '" + runId + "'");
            }
        }
    }

    /** A contribution whose versions are one batch in memory. */
    public RunContribution(String runId, VersionBatch versions, List<Product> products, List<ProcessedFile> files) {
        this(runId, VersionParts.of(versions), products, files);
    }

    /**
     * The accepted versions as one batch, every part read into memory: for a store that plans a run whole
     * (DynamoDB); the H2 store streams {@link #parts()} instead.
     */
    public VersionBatch versions() {
        return parts.whole();
    }

    /** A contribution of versions only: no products, no file hashes. */
    public static RunContribution ofVersions(String runId, VersionBatch versions) {
        return new RunContribution(runId, versions, List.of(), List.of());
    }
}
