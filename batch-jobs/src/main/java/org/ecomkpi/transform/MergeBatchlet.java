package org.ecomkpi.transform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.batch.api.Batchlet;
import jakarta.inject.Named;

import org.apache.commons.csv.CSVRecord;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.kpi.KpiAccumulator;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Product;
import org.ecomkpi.run.BatchManifest;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.RunOutcome;
import org.ecomkpi.run.Staging;
import org.ecomkpi.run.StepTally;
import org.ecomkpi.store.ProcessedFile;
import org.ecomkpi.store.RunContribution;

/**
 * Merges the run's contribution into the KPI tables, with the batch's products and the hashes of the files
 * it counted, exactly once: the store applies a run id at most once, so a retried, restarted or replayed
 * merge changes nothing the second time.
 */
@Named
public class MergeBatchlet extends RunArtifact implements Batchlet {
    @Override
    public String process() {
        long started = System.nanoTime();
        Bucket bucket = bucket();
        BatchManifest manifest = BatchManifest.readFrom(bucket, runId).orElseThrow();
        KpiAccumulator kpis;
        try (InputStream in = bucket.read(Staging.contribution(runId))) {
            kpis = KpiAccumulator.fromBytes(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the contribution of run " + runId, e);
        }
        List<Product> products = new ArrayList<>();
        int parts = StepTally.readFrom(bucket, runId, FileType.PRODUCTS).map(StepTally::parts).orElse(0);
        for (int part = 0; part < parts; part++) {
            try (Staging.PartReader rows = Staging.read(bucket, Staging.acceptedPart(runId, FileType.PRODUCTS, part))) {
                for (CSVRecord r : rows) {
                    products.add(Staging.product(r));
                }
            }
        }
        List<ProcessedFile> files = manifest.files().stream().filter(InputFile::toRead)
                .map(f -> new ProcessedFile(f.sha256(), f.key(), runId)).toList();
        boolean applied = store().applyRun(new RunContribution(runId, new org.ecomkpi.kpi.VersionBatch(), products, files));
        long millis = (System.nanoTime() - started) / 1_000_000;
        RunOutcome.readFrom(bucket, runId)
                .set("kpi.applied", applied)
                .set("kpi.orderDates", kpis.orderDays().keySet().stream().map(LocalDate::toString)
                        .collect(Collectors.joining(",")))
                .set("kpi.categoryKeys", kpis.categoryDays().size())
                .writeTo(bucket, runId);
        RunLog.info(runId, "transform", "merge", applied ? "KPIs merged" : "run was already merged; nothing changed",
                Map.of("orderDates", kpis.orderDays().size(), "categoryKeys", kpis.categoryDays().size(),
                        "products", products.size(), "millis", millis));
        return applied ? "MERGED" : "ALREADY_MERGED";
    }

    @Override
    public void stop() {
        // one store transaction: let it finish
    }
}
