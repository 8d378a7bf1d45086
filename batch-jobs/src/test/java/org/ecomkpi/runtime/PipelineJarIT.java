package org.ecomkpi.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded {@code pipeline.jar} boots Weld and JBeret on its own and runs a job XML it carries. */
class PipelineJarIT {

    @TempDir
    Path folder;

    @Test
    void selfCheckRunsTheJobShippedInTheJarAndPrintsOnlyItsResultOnStdout() throws Exception {
        Path jar = Path.of(System.getProperty("pipeline.jar", "target/pipeline.jar"));
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": run mvn verify");
        Path stdout = folder.resolve("stdout.txt");
        Path stderr = folder.resolve("stderr.txt");

        for (int execution = 1; execution <= 2; execution++) {
            Process pipeline = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString(), "selfcheck", folder.resolve("store").toString())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            assertTrue(pipeline.waitFor(60, TimeUnit.SECONDS), "pipeline.jar selfcheck did not end");
            String report = "stdout:\n" + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr);

            assertEquals(0, pipeline.exitValue(), report);
            List<String> lines = Files.readAllLines(stdout);
            assertEquals(1, lines.size(), report);
            // the second process finds the first one's execution in the H2 file and numbers after it
            assertTrue(lines.get(0).startsWith("runtime-selfcheck execution " + execution + ": COMPLETED, SELF-CHECK OK"),
                    report);
            assertEquals("", Files.readString(stderr), "libraries stay quiet below WARN\n" + report);
        }
    }
}
