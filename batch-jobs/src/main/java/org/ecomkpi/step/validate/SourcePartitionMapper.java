package org.ecomkpi.step.validate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.Staging;

/**
 * Splits a validate step's files into partitions: one per file, and a file larger than {@code partitionBytes} into
 * byte ranges of about that size, each starting at a row ({@link RowBoundaries}; a gzip file is never cut). The
 * partitions are numbered in file order (files as the manifest lists them, ranges in byte order), which is the order
 * {@link CombinePartitionsBatchlet} judges duplicates in. They run on {@code partitionThreads} threads.
 *
 * <p>The plan is kept in the bucket the first time it is made, and a restarted step uses the kept plan, so every
 * partition resumes from its own checkpoint over the very range it had, whatever the restart's parameters. Before
 * the items step is mapped, the batch's validator (catalogue and accepted orders) is made ready here, on the step's
 * own thread, so that every partition shares it.
 */
@Named
public class SourcePartitionMapper extends RunArtifact implements PartitionMapper {
    @Inject
    @BatchProperty
    String fileType;

    @Inject
    @BatchProperty
    String partitionThreads;

    @Inject
    @BatchProperty
    String partitionBytes;

    @Override
    public PartitionPlan mapPartitions() {
        FileType type = FileType.ofFolder(fileType).orElseThrow(
                () -> new IllegalArgumentException("fileType '" + fileType + "' is none of orders, order_items"));
        ValidationRun run = ValidationRun.of(jobContext, storage, runId, bucketLocation, storeSpec);
        run.prepare(type, 0);
        String planKey = Staging.partitionPlan(runId, type);
        List<SourceRange> ranges = run.bucket.exists(planKey) ? readPlan(run.bucket, planKey)
                : plan(run.bucket, run.manifest.toRead(type), positive("partitionBytes", partitionBytes, 32L << 20));
        if (!run.bucket.exists(planKey)) {
            writePlan(run.bucket, planKey, ranges);
        }
        int threads = (int) Math.min(ranges.size(),
                positive("partitionThreads", partitionThreads, Runtime.getRuntime().availableProcessors()));
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(ranges.size());
        plan.setThreads(threads);
        plan.setPartitionsOverride(false);
        plan.setPartitionProperties(ranges.stream().map(SourceRange::toProperties).toArray(Properties[]::new));
        RunLog.info(runId, "validate", fileType, "partitions planned", Map.of("partitions", ranges.size(),
                "threads", threads));
        return plan;
    }

    /** The ranges of the files, in order; at least one (over no file at all when there is none). */
    static List<SourceRange> plan(Bucket bucket, List<InputFile> files, long partitionBytes) {
        List<SourceRange> ranges = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            InputFile file = files.get(f);
            List<RowBoundaries.Cut> cuts = List.of();
            if (file.size() > partitionBytes && !SourceContent.isGzip(bucket, file.key())) {
                long[] targets = new long[(int) ((file.size() - 1) / partitionBytes)];
                for (int i = 0; i < targets.length; i++) {
                    targets[i] = (i + 1) * partitionBytes;
                }
                try (InputStream in = bucket.read(file.key())) {
                    cuts = RowBoundaries.find(in, file.size(), targets);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            long start = 0;
            long line = 0;
            for (RowBoundaries.Cut cut : cuts) {
                ranges.add(new SourceRange(ranges.size(), f, start, line, cut.offset()));
                start = cut.offset();
                line = cut.line();
            }
            ranges.add(new SourceRange(ranges.size(), f, start, line, -1));
        }
        if (ranges.isEmpty()) {
            ranges.add(new SourceRange(0, 0, 0, 0, -1));
        }
        return ranges;
    }

    private static long positive(String name, String value, long byDefault) {
        if (value == null || value.isBlank()) {
            return byDefault;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("job parameter " + name + " must be a whole number above 0, not '" + value + "'");
    }

    private static void writePlan(Bucket bucket, String key, List<SourceRange> ranges) {
        Properties p = new Properties();
        p.setProperty("partitions", Integer.toString(ranges.size()));
        for (SourceRange range : ranges) {
            range.toProperties().forEach((k, v) -> p.setProperty(range.partition() + "." + k, (String) v));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            p.store(bytes, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bucket.write(key, bytes.toByteArray());
    }

    static List<SourceRange> readPlan(Bucket bucket, String key) {
        Properties p = new Properties();
        try (InputStream in = bucket.read(key)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + ": " + e.getMessage(), e);
        }
        List<SourceRange> ranges = new ArrayList<>();
        for (int i = 0, n = Integer.parseInt(p.getProperty("partitions")); i < n; i++) {
            String at = i + ".";
            ranges.add(SourceRange.of(p.getProperty(at + SourceRange.PARTITION), p.getProperty(at + SourceRange.FILE_INDEX),
                    p.getProperty(at + SourceRange.START_OFFSET), p.getProperty(at + SourceRange.START_LINE),
                    p.getProperty(at + SourceRange.END_OFFSET)));
        }
        return ranges;
    }
}
