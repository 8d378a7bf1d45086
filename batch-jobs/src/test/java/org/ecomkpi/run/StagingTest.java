package org.ecomkpi.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVRecord;
import org.ecomkpi.bucket.Bucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingTest {
    @TempDir
    Path dir;

    @Test
    void aPartReadFromAnyRecordsOffsetYieldsExactlyTheRemainingRecords() {
        Bucket bucket = Bucket.at(dir.toString());
        List<List<String>> rows = List.of(
                List.of("1", "Électronique", "12.50"),
                List.of("2", "家居 \"quoted\"", "0.99"),
                List.of("3", "Sports, Outdoors & Fitness", "3"),
                List.of("4", "two\nlines 😀", "7.00"),
                List.of("", "", ""),
                List.of("6", "Home & Kitchen", "1.00"));
        bucket.write("part.csv", Staging.encode(rows));

        List<Long> positions = new ArrayList<>();
        try (Staging.PartReader reader = Staging.read(bucket, "part.csv")) {
            for (long at = reader.position(); at >= 0; at = reader.position()) {
                positions.add(at);
                reader.nextRecord();
            }
        }
        assertEquals(rows.size(), positions.size());
        assertEquals(0L, positions.get(0));
        for (int k = 0; k < rows.size(); k++) {
            List<List<String>> rest = new ArrayList<>();
            try (Staging.PartReader reader = Staging.read(bucket, "part.csv", positions.get(k))) {
                for (CSVRecord r = reader.nextRecord(); r != null; r = reader.nextRecord()) {
                    rest.add(r.toList());
                }
            }
            assertEquals(rows.subList(k, rows.size()), rest, "resumed at record " + k);
        }
    }
}
