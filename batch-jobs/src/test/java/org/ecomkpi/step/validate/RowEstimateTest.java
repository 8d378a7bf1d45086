package org.ecomkpi.step.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.LocalBucket;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.InputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowEstimateTest {
    @TempDir
    Path root;

    @Test
    void rowsAreTheFilesSizesOverTheBytesARowTakesInTheFirstFile() throws IOException {
        Bucket bucket = LocalBucket.at(root);
        byte[] first = rows(1_000_000, 100_000);
        byte[] second = rows(1_100_000, 50_000);
        bucket.write("landing-data/orders/a.csv", first);
        bucket.write("landing-data/orders/b.csv", second);
        long estimate = RowEstimate.of(bucket, List.of(file("landing-data/orders/a.csv", first.length),
                file("landing-data/orders/b.csv", second.length)));
        assertTrue(estimate > 150_000 * 0.95 && estimate < 150_000 * 1.05, "estimate " + estimate);
    }

    @Test
    void aGzipFileIsSampledDecompressedAndCountedAsFourTimesItsSize() throws IOException {
        Bucket bucket = LocalBucket.at(root);
        byte[] content = rows(1_000_000, 20_000);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(content);
        }
        bucket.write("landing-data/orders/a.csv.gz", gz.toByteArray());
        long estimate = RowEstimate.of(bucket, List.of(file("landing-data/orders/a.csv.gz", gz.size())));
        double rowBytes = (double) content.length / 20_001;
        assertEquals((long) (gz.size() * 4L / rowBytes) + 1, estimate);
    }

    @Test
    void aFileThatCannotBeSampledCountsAtSixtyBytesARowAndFailsNothing() throws IOException {
        Bucket bucket = LocalBucket.at(root);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(rows(1_000_000, 20_000));
        }
        byte[] truncated = java.util.Arrays.copyOf(gz.toByteArray(), 100);
        bucket.write("landing-data/orders/a.csv", truncated);
        assertEquals(2, RowEstimate.of(bucket, List.of(file("landing-data/orders/a.csv", 100))));
        assertEquals(11, RowEstimate.of(bucket, List.of(file("landing-data/orders/gone.csv", 600))));
    }

    @Test
    void noFilesNoRows() {
        assertEquals(0, RowEstimate.of(LocalBucket.at(root), List.of()));
    }

    @Test
    void aFileWithoutALineBreakTakesSixtyBytesARow() {
        Bucket bucket = LocalBucket.at(root);
        bucket.write("landing-data/orders/a.csv", "x".repeat(600).getBytes(StandardCharsets.UTF_8));
        assertEquals(11, RowEstimate.of(bucket, List.of(file("landing-data/orders/a.csv", 600))));
    }

    private static byte[] rows(int from, int count) {
        StringBuilder csv = new StringBuilder("order_id,user_id,status,created_at\n");
        for (int i = from; i < from + count; i++) {
            csv.append(i).append(',').append(100 + i % 877).append(",shipped,2024-01-0").append(1 + i % 9)
                    .append("T10:11:12Z\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static InputFile file(String key, long size) {
        return new InputFile(key, key.substring("landing-data/".length()), Optional.of(FileType.ORDERS), size,
                Instant.parse("2026-12-01T00:00:00Z"), "0".repeat(64), Optional.empty());
    }
}
