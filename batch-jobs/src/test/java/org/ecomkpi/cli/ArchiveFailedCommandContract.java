package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline archive-failed --run-id ID} as its users run it, over a bucket and a store of one kind: a local
 * folder with an H2 store, or S3 with DynamoDB ({@code moto_server}). The objects are written and read past the
 * pipeline's own bucket adapters, so a name the adapter mangled would show.
 */
abstract class ArchiveFailedCommandContract {
    /** Names a copy source must URL-encode on S3: a space, {@code %}, {@code +}, an apostrophe, non-ASCII letters. */
    static final List<String> AWKWARD_NAMES = List.of("order_items/a+b %20 ü–ñ.csv", "orders/2024/deeper.csv",
            "orders/jour d'été 100%+.csv", "products/catalogue 1+1 é.csv");

    @TempDir
    Path dir;

    /** How a command ended: its exit code and what it printed (stdout, then or interleaved with stderr). */
    record Result(int exitCode, String output) {
        List<String> movedLines() {
            return output.lines().filter(l -> l.startsWith("  moved ")).map(l -> l.substring("  moved ".length()))
                    .toList();
        }
    }

    /** Writes an object straight into the bucket. */
    abstract void put(String key, String content);

    /** The keys under {@code prefix}, sorted, listed straight from the bucket. */
    abstract List<String> keys(String prefix);

    /** An object's content, read straight from the bucket. */
    abstract String read(String key);

    /** Runs the pipeline's command line with this site's bucket and store, as its users do. */
    abstract Result pipeline(String... args);

    /** Where the command names a key in its output: {@code <folder>/<key>} or {@code s3://<bucket>/<key>}. */
    abstract String where(String key);

    /** Records run {@code runId} as applied in this site's store, as a transform job's merge does. */
    abstract void applyInStore(String runId);

    private Result archiveFailed(String runId) {
        return pipeline("archive-failed", "--quiet", "--run-id", runId);
    }

    @Test
    void aFailedRunsBatchMovesToInvalidDataInputUnderItsExactNamesAndItsRejectFilesStayAsTheyAre() {
        for (String name : AWKWARD_NAMES) {
            put("runs/r1/input/" + name, "content of " + name);
        }
        put("runs/r1/outcome.properties", "format=1\nstatus=VALIDATED\n");
        put("invalid-data/r1/orders/jour d'été 100%+.csv", "order_id,_line,_rule,_message\n");
        put("invalid-data/r1/order_items/a+b %20 ü–ñ.csv", "id,_line,_rule,_message\n");
        put("runs/r2/input/orders/jour d'été 100%+.csv", "another run's");

        Result archived = archiveFailed("r1");

        assertEquals(0, archived.exitCode(), archived.toString());
        assertTrue(archived.output().contains("archive-failed r1: moved 4 files from " + where("runs/r1/input/")
                + " to " + where("invalid-data/r1/input/")), archived.toString());
        assertEquals(AWKWARD_NAMES, archived.movedLines());
        assertEquals(List.of(
                "invalid-data/r1/input/order_items/a+b %20 ü–ñ.csv",
                "invalid-data/r1/input/orders/2024/deeper.csv",
                "invalid-data/r1/input/orders/jour d'été 100%+.csv",
                "invalid-data/r1/input/products/catalogue 1+1 é.csv",
                "invalid-data/r1/order_items/a+b %20 ü–ñ.csv",
                "invalid-data/r1/orders/jour d'été 100%+.csv"), keys("invalid-data/"));
        for (String name : AWKWARD_NAMES) {
            assertEquals("content of " + name, read("invalid-data/r1/input/" + name), "moved unchanged: " + name);
        }
        assertEquals("order_id,_line,_rule,_message\n", read("invalid-data/r1/orders/jour d'été 100%+.csv"),
                "the reject file is not overwritten");
        assertEquals("id,_line,_rule,_message\n", read("invalid-data/r1/order_items/a+b %20 ü–ñ.csv"));
        assertEquals(List.of(), keys("runs/r1/input/"));
        assertEquals(List.of("runs/r2/input/orders/jour d'été 100%+.csv"), keys("runs/r2/"), "another run's batch");
        assertTrue(read("runs/r1/outcome.properties").contains("status=FAILED"), read("runs/r1/outcome.properties"));
    }

    @Test
    void aRetryAfterAPartialMoveFinishesItAndThenFindsNothingToArchive() {
        // the first attempt moved one file, copied a second and died before deleting it
        put("invalid-data/r1/input/orders/jour d'été 100%+.csv", "o1");
        put("invalid-data/r1/input/order_items/a+b %20 ü–ñ.csv", "i1");
        put("runs/r1/input/order_items/a+b %20 ü–ñ.csv", "i1");
        put("runs/r1/input/products/catalogue 1+1 é.csv", "p1");
        put("runs/r1/outcome.properties", "format=1\nstatus=FAILED\n");

        Result retry = archiveFailed("r1");
        Result again = archiveFailed("r1");

        assertEquals(0, retry.exitCode(), retry.toString());
        assertEquals(List.of("order_items/a+b %20 ü–ñ.csv", "products/catalogue 1+1 é.csv"), retry.movedLines());
        assertEquals(List.of("invalid-data/r1/input/order_items/a+b %20 ü–ñ.csv",
                "invalid-data/r1/input/orders/jour d'été 100%+.csv",
                "invalid-data/r1/input/products/catalogue 1+1 é.csv"), keys("invalid-data/"));
        assertEquals("i1", read("invalid-data/r1/input/order_items/a+b %20 ü–ñ.csv"));
        assertEquals(List.of(), keys("runs/r1/input/"));
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.output().contains("archive-failed r1: nothing to archive, " + where("runs/r1/input/")
                + " holds no file"), again.toString());
    }

    @Test
    void aValidatedBatchWhoseTransformFailedIsArchivedBesideItsRejectsAndIsNeverTransformed() throws IOException {
        Map<String, String> renamed = Map.of(
                "orders/orders-1.csv", "orders/jour d'été 100%+.csv",
                "order_items/items-1.csv", "order_items/a+b %20 ü–ñ.csv",
                "products.csv", "products/catalogue 1+1 é.csv");
        Path drop = dir.resolve("drop");
        HandBuiltDrop.landIn(drop);
        Path landing = drop.resolve("landing-data");
        try (Stream<Path> files = Files.walk(landing)) {
            List<Path> regular = files.filter(Files::isRegularFile).toList();
            assertEquals(renamed.keySet().stream().sorted().toList(),
                    regular.stream().map(f -> landing.relativize(f).toString()).sorted().toList());
            for (Path file : regular) {
                put("landing-data/" + renamed.get(landing.relativize(file).toString()), Files.readString(file));
            }
        }
        Result validate = pipeline("validate", "--quiet", "--run-id", "r1", "--reject-limit",
                HandBuiltDrop.REJECT_LIMIT);
        assertEquals(0, validate.exitCode(), validate.toString());
        String rejects = "invalid-data/r1/order_items/a+b %20 ü–ñ.csv";
        String rejected = read(rejects);

        Result archived = archiveFailed("r1");
        Result transform = pipeline("transform", "--quiet", "--run-id", "r1");

        assertEquals(0, archived.exitCode(), archived.toString());
        assertEquals(renamed.values().stream().sorted().toList(), archived.movedLines());
        assertEquals(List.of("invalid-data/r1/input/order_items/a+b %20 ü–ñ.csv",
                "invalid-data/r1/input/orders/jour d'été 100%+.csv",
                "invalid-data/r1/input/products/catalogue 1+1 é.csv",
                rejects), keys("invalid-data/"));
        for (Map.Entry<String, String> file : renamed.entrySet()) {
            assertEquals(Files.readString(landing.resolve(file.getKey())), read("invalid-data/r1/input/"
                    + file.getValue()), file.getValue() + " archived byte for byte");
        }
        assertEquals(rejected, read(rejects), "the reject file validate wrote is unchanged");
        assertTrue(read("runs/r1/report.json").contains("\"status\":\"failed\""), read("runs/r1/report.json"));
        assertEquals(1, transform.exitCode(), "a failed run is never transformed: " + transform);
        assertTrue(transform.output().contains("run r1 was not validated (status FAILED)"), transform.toString());
        assertEquals(List.of(), keys("processed/"));
    }

    @Test
    void aProcessedRunIsRefused() {
        put("runs/r1/outcome.properties", "format=1\nstatus=PROCESSED\n");
        put("processed/r1/orders/jour d'été 100%+.csv", "o1");

        Result refused = archiveFailed("r1");

        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.output().contains("error: run r1 was processed: its KPIs are counted and its inputs "
                + "archived to " + where("processed/r1/")), refused.toString());
        assertEquals(List.of("processed/r1/orders/jour d'été 100%+.csv"), keys("processed/"));
        assertEquals(List.of(), keys("invalid-data/"));
        assertEquals("format=1\nstatus=PROCESSED\n", read("runs/r1/outcome.properties"));
    }

    @Test
    void aRunWhoseKpisWereAppliedIsRefusedAndItsBatchStaysInTheRun() {
        // transform merged the run, then failed before it archived the inputs to processed/
        put("runs/r1/input/orders/jour d'été 100%+.csv", "o1");
        put("runs/r1/outcome.properties", "format=1\nstatus=VALIDATED\n");
        applyInStore("r1");

        Result refused = archiveFailed("r1");

        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.output().contains("error: run r1 was applied to the KPIs in store "), refused.toString());
        assertTrue(refused.output().contains("(hint: restart 'pipeline transform --run-id r1': it finishes the run "
                + "and archives its inputs to " + where("processed/r1/") + ")"), refused.toString());
        assertEquals(List.of("runs/r1/input/orders/jour d'été 100%+.csv"), keys("runs/r1/input/"));
        assertEquals(List.of(), keys("invalid-data/"));
        assertEquals("format=1\nstatus=VALIDATED\n", read("runs/r1/outcome.properties"));
    }

    @Test
    void aRunHoldingNothingHasNothingToArchive() {
        Result archived = archiveFailed("r1");

        assertEquals(0, archived.exitCode(), archived.toString());
        assertTrue(archived.output().contains("archive-failed r1: nothing to archive, " + where("runs/r1/input/")
                + " holds no file"), archived.toString());
        assertFalse(archived.output().contains("  moved "), archived.toString());
        assertEquals(List.of(), keys(""));
    }
}
