package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ecomkpi.aws.MotoServer;
import org.junit.jupiter.api.Test;

/**
 * The "Manual testing" script of batch-jobs/README.md, run as written against {@code moto_server} with the real
 * {@code aws} CLI: its DynamoDB query answers the KPI of the uploaded files, and that page shows the script's commands.
 */
class ManualTestScriptIT {
    private static final Path SCRIPT = Path.of("src/test/manual/aws-manual-test.sh");
    /** batch-jobs/README.md: the tests run in the module's folder. */
    private static final Path GUIDE = Path.of("README.md");

    @Test
    void theScriptUploadsRunsAndQueriesTheCategoryKpi() throws Exception {
        MotoServer moto = MotoServer.get();
        moto.reset(); // the script uses the default table names
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().putAll(moto.environment());
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv("PATH"));
        builder.environment().put("BUCKET", "manual-test-" + System.nanoTime() % 100_000);
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the script ended");
        String out = output.get();
        assertEquals(0, process.exitValue(), out);

        // the KPI the local pipeline gives for the same three files (the README's quick start, H2 store)
        assertEquals("324.51", number(out, "daily_revenue"), out);
        assertEquals("40.56", number(out, "avg_order_value"), out);
        assertEquals(0, new java.math.BigDecimal(number(out, "avg_return_rate")).signum(), out);
        assertTrue(out.contains("\"Count\": 1"), out);
    }

    @Test
    void theBatchJobsGuideShowsTheScriptsCommands() throws Exception {
        String readme = Files.readString(GUIDE, StandardCharsets.UTF_8);
        String script = Files.readString(SCRIPT, StandardCharsets.UTF_8);
        for (String command : new String[] {"aws s3 cp", "pipeline.jar validate", "pipeline.jar transform",
            "aws dynamodb query --table-name category_kpi_table"}) {
            String line = script.lines().filter(l -> l.contains(command)).findFirst().orElseThrow();
            assertTrue(readme.contains(line.strip()), GUIDE.toAbsolutePath().normalize() + " shows: " + line.strip());
        }
    }

    private static String number(String json, String attribute) {
        Matcher m = Pattern.compile("\"" + attribute + "\":\\s*\\{\\s*\"N\":\\s*\"([0-9.]+)\"").matcher(json);
        assertTrue(m.find(), attribute + " in " + json);
        return m.group(1);
    }
}
