package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file in the bucket is accounted for (SPEC sections 2 and 4): a file the pipeline does not recognise stays in
 * landing-data/ and is named by the console and the report, and files a run claimed before it could write its
 * manifest are not stranded in the run's input.
 */
class EveryFileAccountedForTest {
    @TempDir
    Path dir;

    private String bucket() {
        return dir.resolve("bucket").toString();
    }

    private String store() {
        return "h2:" + dir.resolve("store");
    }

    private Path bucketFile(String key) {
        return dir.resolve("bucket").resolve(key);
    }

    @Test
    void unrecognisedFilesStayInLandingAndTheRunNamesThem() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        HandBuiltDrop.write(dir.resolve("bucket"), "orders.csv", "order_id,user_id,created_at,status\n");
        HandBuiltDrop.write(dir.resolve("bucket"), "README.txt", "what this drop is\n");
        HandBuiltDrop.write(dir.resolve("bucket"), "orders/notes.txt", "not data\n");

        Cli run = Cli.run("run", "--run-id", "r1", "--bucket", bucket(), "--store", store(), "--reject-limit",
                HandBuiltDrop.REJECT_LIMIT);

        assertEquals(0, run.exitCode(), run.toString());
        for (String left : List.of("README.txt", "orders.csv", "orders/notes.txt")) {
            assertTrue(Files.exists(bucketFile("landing-data/" + left)), left + " stays in landing-data/");
            assertFalse(Files.exists(bucketFile("processed/r1/" + left)), left + " is not archived unread");
            assertFalse(Files.exists(bucketFile("runs/r1/input/" + left)), left + " is not claimed");
            assertTrue(run.out().contains("landing-data/" + left), "the console names " + left + ":\n" + run);
        }
        assertTrue(Files.exists(bucketFile("processed/r1/orders/orders-1.csv")), "the batch itself is processed");
        String report = Files.readString(bucketFile("runs/r1/report.json"));
        assertTrue(report.contains("\"unrecognised\": [\"landing-data/README.txt\", \"landing-data/orders.csv\", "
                + "\"landing-data/orders/notes.txt\"]") || report.replaceAll("\\s", "").contains(
                "\"unrecognised\":[\"landing-data/README.txt\",\"landing-data/orders.csv\",\"landing-data/orders/notes.txt\"]"),
                report);
    }

    @Test
    void aSymbolicLinkInLandingStaysThereAndTheReportNamesItAsRefused() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        Path secret = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("orders.csv"),
                "order_id,user_id,created_at,status\n");
        Files.createSymbolicLink(bucketFile("landing-data/orders/linked.csv"), secret);

        Cli run = Cli.run("run", "--run-id", "r1", "--bucket", bucket(), "--store", store(), "--reject-limit",
                HandBuiltDrop.REJECT_LIMIT);

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(Files.isSymbolicLink(bucketFile("landing-data/orders/linked.csv")), "left where it is");
        assertFalse(Files.exists(bucketFile("processed/r1/orders/linked.csv")), "never archived");
        assertTrue(Files.exists(bucketFile("processed/r1/orders/orders-1.csv")), "the batch itself is processed");
        String refused = "landing-data/orders/linked.csv is a symbolic link to " + secret
                + "; a local bucket never takes a file through a link";
        assertTrue(run.out().contains("refused, left in place: " + refused), run.toString());
        String report = Files.readString(bucketFile("runs/r1/report.json"));
        assertTrue(report.replaceAll("\\s", "").contains(("\"refused\":[\"" + refused + "\"]").replaceAll("\\s", "")),
                report);
    }

    @Test
    void aDropOfUnrecognisedFilesAloneIsNoBatchAndNamesThem() throws Exception {
        HandBuiltDrop.write(dir.resolve("bucket"), "README.txt", "what this drop is\n");

        Cli validate = Cli.run("validate", "--run-id", "r1", "--bucket", bucket(), "--store", store());

        assertEquals(0, validate.exitCode(), validate.toString());
        assertTrue(validate.out().contains("NO_BATCH"), validate.toString());
        assertTrue(validate.err().contains("landing-data/README.txt"), validate.toString());
        assertTrue(Files.exists(bucketFile("landing-data/README.txt")));
    }

    @Test
    void filesClaimedBeforeTheManifestWasWrittenAreValidatedByTheirRun() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        // the state a crash between the claim's moves and its manifest leaves behind
        moveTree(bucketFile("landing-data"), bucketFile("runs/r1/input"));
        HandBuiltDrop.write(dir.resolve("bucket"), "README.txt", "what this drop is\n");
        Files.move(bucketFile("landing-data/README.txt"), bucketFile("runs/r1/input/README.txt"));

        Cli validate = Cli.run("validate", "--run-id", "r1", "--bucket", bucket(), "--store", store(),
                "--reject-limit", HandBuiltDrop.REJECT_LIMIT);
        assertEquals(0, validate.exitCode(), validate.toString());
        assertTrue(validate.out().startsWith("validate r1: VALIDATED"), validate.toString());
        assertTrue(Files.exists(bucketFile("runs/r1/manifest.properties")));
        assertTrue(Files.exists(bucketFile("landing-data/README.txt")), "an unrecognised file goes back to landing");
        Cli transform = Cli.run("transform", "--run-id", "r1", "--bucket", bucket(), "--store", store());
        assertEquals(0, transform.exitCode(), transform.toString());
        assertTrue(Files.exists(bucketFile("processed/r1/orders/orders-1.csv")), transform.toString());
        assertEquals(HandBuiltDrop.ORDER_KPIS_CSV, Cli.run("kpis", "--store", store(), "--table", "order_kpi_table",
                "--format", "csv").out());
    }

    @Test
    void filesClaimedBeforeTheManifestWasWrittenThatMakeNoBatchGoBackToLanding() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        Files.delete(bucketFile("landing-data/products.csv")); // no catalogue: no batch
        moveTree(bucketFile("landing-data"), bucketFile("runs/r1/input"));

        Cli validate = Cli.run("validate", "--run-id", "r1", "--bucket", bucket(), "--store", store());

        assertEquals(0, validate.exitCode(), validate.toString());
        assertTrue(validate.out().contains("NO_BATCH"), validate.toString());
        assertTrue(Files.exists(bucketFile("landing-data/orders/orders-1.csv")), "given back to landing");
        assertTrue(Files.exists(bucketFile("landing-data/order_items/items-1.csv")), "given back to landing");
        assertFalse(Files.exists(bucketFile("runs/r1/input/orders/orders-1.csv")), "nothing stranded in the run");
    }

    private static void moveTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.move(file, target);
            }
        }
    }
}
