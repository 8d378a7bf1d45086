package org.ecomkpi.store;

import java.util.List;
import java.util.Objects;

import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.kpi.KpiAccumulator;
import org.ecomkpi.row.Product;

/**
 * Everything a successful run changes in the store, applied together and exactly once by
 * {@link KpiStore#applyRun(RunContribution)}.
 *
 * @param runId    the run; a store applies each run id at most once
 * @param kpis     the KPI state of the rows the run accepted (sharing no order with earlier runs)
 * @param products accepted products of the batch, to upsert into the catalogue; for one id the later element
 *                 wins, so list them oldest file first
 * @param files    the input files the run counted, so their content is not counted again
 */
public record RunContribution(String runId, KpiAccumulator kpis, List<Product> products, List<ProcessedFile> files) {

    public RunContribution {
        BucketLayout.requireRunId(runId);
        Objects.requireNonNull(kpis, "kpis");
        products = List.copyOf(products);
        files = List.copyOf(files);
        for (ProcessedFile file : files) {
            if (!file.runId().equals(runId)) {
                throw new IllegalArgumentException("processed file " + file.fileKey() + " is recorded for run '"
                        + file.runId() + "' but belongs to the contribution of run '" + runId + "'");
            }
        }
    }

    /** A contribution of KPIs only: no products, no file hashes. */
    public static RunContribution ofKpis(String runId, KpiAccumulator kpis) {
        return new RunContribution(runId, kpis, List.of(), List.of());
    }
}
