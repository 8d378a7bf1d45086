package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir
    Path dir;

    @Test
    void generateWritesADropThatRunAcceptsAsPlanned() {
        Path bucket = dir.resolve("bucket");
        Cli generate = Cli.run("generate", "--quiet", "--out", bucket.toString(), "--orders", "300", "--days", "3",
                "--seed", "11", "--bad-rows", "1");
        assertEquals(0, generate.exitCode(), generate.toString());
        assertTrue(generate.out().startsWith("wrote 7 files under " + bucket.resolve("landing-data")
                + " (orders 2024-01-01 to 2024-01-03)\n"), generate.out());
        // one bad row per rule: 3 orders rules of 11 plus the planted items and products, per the generator
        assertTrue(generate.out().matches("(?s).*\\n  orders +30\\d rows, \\d+ to be rejected\\n.*"), generate.out());

        Cli run = Cli.run("run", "--quiet", "--bucket", bucket.toString(), "--store", "h2:" + dir.resolve("store"),
                "--reject-limit", "10%");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("order_kpi_table (3 rows)"), run.out());
        assertTrue(run.out().matches("(?s).*\\n  orders +30\\d +300 +\\d+\\n.*"), run.out());
    }

    @Test
    void theSameSeedWritesTheSameFiles() throws Exception {
        Cli a = Cli.run("generate", "--quiet", "--out", dir.resolve("a").toString(), "--orders", "50", "--days", "2",
                "--seed", "5");
        Cli b = Cli.run("generate", "--quiet", "--out", dir.resolve("b").toString(), "--orders", "50", "--days", "2",
                "--seed", "5");
        assertEquals(0, a.exitCode(), a.toString());
        assertEquals(0, b.exitCode(), b.toString());
        Path orders = Path.of("landing-data/orders/orders-001.csv");
        assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(orders)),
                Files.readAllBytes(dir.resolve("b").resolve(orders)));
    }

    @Test
    void changeBatchesFollowTheDropInNumberedBatchFolders() throws Exception {
        Path out = dir.resolve("life");
        Cli generate = Cli.run("generate", "--quiet", "--out", out.toString(), "--orders", "120", "--days", "3",
                "--seed", "7", "--change-batches", "2");
        assertEquals(0, generate.exitCode(), generate.toString());
        assertTrue(generate.out().startsWith("wrote 3 batches under " + out.toAbsolutePath() + ": batch-1 the drop"
                + " (orders 2024-01-01 to 2024-01-03), batch-2 to batch-3 its changes; run them in order\n"), generate.out());
        assertTrue(generate.out().contains("\n  batch-1   7 files, rows: orders 120, order_items "), generate.out());
        // each change batch re-sends two orders twice: their second occurrences are the only rejects
        assertTrue(generate.out().matches("(?s).*\n  batch-3   4 files, rows: orders \\d+, order_items \\d+, products \\d+;"
                + " 2 to be rejected\n            changes: late_return \\d+, return_cancelled \\d+, .*"), generate.out());
        assertFalse(Files.exists(out.resolve("landing-data")), "the drop goes to batch-1");
        for (String file : List.of("products.csv", "orders/orders-001.csv", "order_items/order_items-001.csv",
                "order_items/order_items-002.csv")) {
            assertTrue(Files.isRegularFile(out.resolve("batch-3/landing-data").resolve(file)), file);
        }

        Cli plain = Cli.run("generate", "--quiet", "--out", dir.resolve("plain").toString(), "--orders", "120", "--days", "3",
                "--seed", "7");
        assertEquals(0, plain.exitCode(), plain.toString());
        Path orders = Path.of("landing-data/orders/orders-002.csv");
        assertArrayEquals(Files.readAllBytes(dir.resolve("plain").resolve(orders)),
                Files.readAllBytes(out.resolve("batch-1").resolve(orders)), "batch-1 is the plain drop");

        Cli again = Cli.run("generate", "--quiet", "--out", dir.resolve("again").toString(), "--orders", "120", "--days", "3",
                "--seed", "7", "--change-batches", "2");
        assertEquals(0, again.exitCode(), again.toString());
        Path changes = Path.of("batch-3/landing-data/order_items/order_items-002.csv");
        assertArrayEquals(Files.readAllBytes(out.resolve(changes)), Files.readAllBytes(dir.resolve("again").resolve(changes)));
    }

    @Test
    void changeBatchesOutsideTheirBoundsAreBadUsage() {
        Cli tooMany = Cli.run("generate", "--quiet", "--out", dir.resolve("x").toString(), "--orders", "100", "--days", "2",
                "--seed", "1", "--change-batches", "21");
        assertEquals(2, tooMany.exitCode(), tooMany.toString());
        assertTrue(tooMany.err().contains("--change-batches must be at most 20, was 21"), tooMany.err());
        Cli tooFewOrders = Cli.run("generate", "--quiet", "--out", dir.resolve("y").toString(), "--orders", "49", "--days", "2",
                "--seed", "1", "--change-batches", "1");
        assertEquals(2, tooFewOrders.exitCode(), tooFewOrders.toString());
        assertTrue(tooFewOrders.err().contains("--change-batches needs --orders of at least 50, was 49"), tooFewOrders.err());
        assertFalse(Files.exists(dir.resolve("y")), "nothing written");
        Cli help = Cli.run("generate", "--help");
        assertTrue(help.out().contains("--change-batches=K"), help.out());
    }
}
