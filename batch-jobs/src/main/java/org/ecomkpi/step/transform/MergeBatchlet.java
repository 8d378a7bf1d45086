package org.ecomkpi.step.transform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import jakarta.batch.api.Batchlet;
import jakarta.inject.Named;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketObject;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Product;
import org.ecomkpi.run.AcceptedRows;
import org.ecomkpi.run.BatchManifest;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.RunOutcome;
import org.ecomkpi.run.Staging;
import org.ecomkpi.run.StepTally;
import org.ecomkpi.store.AppliedRun;
import org.ecomkpi.store.ApplyStop;
import org.ecomkpi.store.ApplyStoppedException;
import org.ecomkpi.store.ProcessedFile;
import org.ecomkpi.store.RunContribution;
import org.ecomkpi.store.VersionParts;

/**
 * Applies the run to the store exactly once: its versions become current and the KPI rows they change are
 * updated, with the batch's products and the hashes of the files it counted. The store applies a run id at most
 * once, so a retried, restarted or replayed merge changes nothing the second time; what the run changed is read
 * back from the store's record of it, so the report says the same after a restart.
 *
 * <p>A stop (SIGTERM, {@code runs stop}) reaches the apply, which checks it every few thousand keys and stops
 * leaving nothing half applied ({@link ApplyStop}): the step ends STOPPED and a restart applies the run again.
 */
@Named
public class MergeBatchlet extends RunArtifact implements Batchlet {
    private volatile boolean stopRequested;

    @Override
    public String process() {
        long started = System.nanoTime();
        Bucket bucket = bucket();
        BatchManifest manifest = BatchManifest.readFrom(bucket, runId).orElseThrow();
        // the parts are read when the store asks for them, one at a time: the batch is never whole in memory
        List<String> partKeys = bucket.list(Staging.versionsFolder(runId)).stream().map(BucketObject::key).toList();
        long[] orders = new long[partKeys.size()];
        long[] items = new long[partKeys.size()];
        boolean[] counted = new boolean[partKeys.size()];
        IntFunction<VersionBatch> count = part -> {
            VersionBatch batch = readPart(bucket, partKeys.get(part));
            orders[part] = batch.orders().size();
            items[part] = batch.items().size();
            counted[part] = true;
            return batch;
        };
        VersionParts versions = VersionParts.of(partKeys.size(), count);
        List<Product> products = new ArrayList<>();
        int parts = StepTally.readFrom(bucket, runId, FileType.PRODUCTS).map(StepTally::parts).orElse(0);
        for (int part = 0; part < parts; part++) {
            try (AcceptedRows.Reader rows = AcceptedRows.read(bucket,
                    Staging.acceptedPart(runId, FileType.PRODUCTS, part), 0)) {
                for (Object row = rows.next(); row != null; row = rows.next()) {
                    products.add(((AcceptedRows.StagedProduct) row).product());
                }
            }
        }
        List<ProcessedFile> files = manifest.files().stream().filter(InputFile::toRead)
                .map(f -> new ProcessedFile(f.sha256(), f.key(), runId)).toList();
        RunLog.info(runId, "transform", "merge", "merging", Map.of("parts", partKeys.size()));
        boolean applied;
        try {
            applied = store().applyRun(new RunContribution(runId, versions, products, files), () -> stopRequested);
        } catch (ApplyStoppedException e) {
            RunLog.info(runId, "transform", "merge", "merge stopped: " + e.getMessage(),
                    Map.of("millis", (System.nanoTime() - started) / 1_000_000));
            return "STOPPED";
        }
        AppliedRun changed = store().findApplied(runId).orElseThrow(() -> new IllegalStateException(
                "run " + runId + " is not recorded as applied right after its apply"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        RunOutcome.readFrom(bucket, runId)
                .kpiChange(new RunOutcome.KpiChange(applied, List.copyOf(changed.orderDates()),
                        changed.categoryKeys()))
                .writeTo(bucket, runId);
        Map<String, Object> fields = new LinkedHashMap<>();
        // a replay the store skipped without reading the parts: not read again only to count them for this line
        boolean allCounted = IntStream.range(0, counted.length).allMatch(part -> counted[part]);
        if (allCounted) {
            fields.put("orders", LongStream.of(orders).sum());
            fields.put("items", LongStream.of(items).sum());
        }
        fields.put("orderDates", changed.orderDates().size());
        fields.put("categoryKeys", changed.categoryKeys());
        fields.put("products", products.size());
        fields.put("millis", millis);
        RunLog.info(runId, "transform", "merge", applied ? "KPIs merged" : "run was already merged; nothing changed",
                fields);
        return applied ? "MERGED" : "ALREADY_MERGED";
    }

    private VersionBatch readPart(Bucket bucket, String key) {
        try (InputStream in = bucket.read(key)) {
            return VersionBatch.fromBytes(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read staged versions " + key + " of run " + runId, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("staged versions " + key + " of run " + runId
                    + " cannot be merged: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        stopRequested = true;
    }
}
