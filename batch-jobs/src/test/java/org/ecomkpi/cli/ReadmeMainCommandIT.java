package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, taken from the README's quick start as written, run in a fresh folder: it exits 0
 * and prints both KPI tables.
 */
class ReadmeMainCommandIT {
    private static final String JAR = "batch-jobs/target/pipeline.jar";

    @TempDir
    Path folder;

    @Test
    void theQuickStartCommandExitsZeroAndPrintsBothTables() throws Exception {
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        String quickStart = readme.substring(readme.indexOf("## Quick start"));
        String line = quickStart.lines().filter(l -> l.startsWith("java -jar " + JAR + " run")).findFirst()
                .orElseThrow(() -> new AssertionError("README quick start has no 'java -jar " + JAR + " run' line"));

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String word : line.split(" +")) {
            if (word.equals("java")) {
                continue;
            }
            command.add(word.equals(JAR) ? Path.of(System.getProperty("pipeline.jar", "target/pipeline.jar"))
                    .toAbsolutePath().toString() : word);
        }
        Process process = new ProcessBuilder(command).directory(folder.toFile()).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the main command ended");

        assertEquals(0, process.exitValue(), line + "\n" + out + err.get());
        assertTrue(out.contains("order_kpi_table (31 rows)"), out);
        assertTrue(out.contains("category_kpi_table ("), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("2024-01-15 ")), "a row of the order table:\n" + out);
        assertTrue(Files.isDirectory(folder.resolve(".pipeline/bucket/processed")), "the bucket is where the README says");
    }
}
