package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
