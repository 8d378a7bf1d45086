package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.ecomkpi.process.ChildJvm;
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

        List<String> words = new ArrayList<>(List.of(line.split(" +")));
        assertEquals(List.of("java", "-jar", JAR), words.subList(0, 3), line);
        ChildJvm.Result run = ChildJvm.jar(Path.of(System.getProperty("pipeline.jar", "target/pipeline.jar"))
                .toAbsolutePath(), words.subList(3, words.size()).toArray(String[]::new)).directory(folder)
                .timeout(Duration.ofMinutes(2)).run();
        String out = run.out();

        assertEquals(0, run.exitCode(), line + "\n" + run);
        assertTrue(out.contains("order_kpi_table (31 rows)"), out);
        assertTrue(out.contains("category_kpi_table ("), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("2024-01-15 ")), "a row of the order table:\n" + out);
        assertTrue(Files.isDirectory(folder.resolve(".pipeline/bucket/processed")), "the bucket is where the README says");
    }
}
