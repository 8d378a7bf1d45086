package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.ecomkpi.metrics.EmfLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --metrics emf} and {@code PIPELINE_METRICS=emf}: each job execution prints CloudWatch embedded-metric-format
 * lines on stdout that parse as EMF and carry exactly the numbers of the run's {@code report.json}; without the switch
 * no such line appears.
 */
class MetricsOnStdoutTest {
    private static final String NAMESPACE = "EcommerceKpi/Pipeline";

    @TempDir
    Path dir;

    private String bucket() {
        return dir.resolve("bucket").toString();
    }

    private String store() {
        return "h2:" + dir.resolve("store");
    }

    private JsonNode report(String runId) throws Exception {
        return EmfLines.parse(Files.readString(dir.resolve("bucket/runs/" + runId + "/report.json"),
                StandardCharsets.UTF_8));
    }

    @Test
    void aRunWithMetricsEmfPrintsEmfLinesCarryingTheReportsNumbers() throws Exception {
        Cli run = Cli.run("run", "--quiet", "--sample", "--metrics", "emf", "--bucket", bucket(), "--store", store(),
                "--run-id", "r-emf");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("run r-emf: PROCESSED"), run.out());
        List<JsonNode> lines = EmfLines.in(run.out());
        JsonNode report = report("r-emf");
        for (JsonNode line : lines) {
            assertEquals(NAMESPACE, EmfLines.directive(line).get("Namespace").asText(), line.toString());
            assertEquals("r-emf", line.get("runId").asText(), "the run id is a property of every line");
            assertFalse(EmfLines.dimensions(line).containsKey("runId"), "never a dimension: " + line);
        }

        // rows, files and bytes per file type, as the report has them
        for (String type : List.of("orders", "order_items", "products")) {
            JsonNode totals = report.get("totals").get(type);
            long files = 0;
            long bytes = 0;
            for (JsonNode file : report.get("files")) {
                if (type.equals(file.get("type").asText()) && file.has("rowsRead")) {
                    files++;
                    bytes += file.get("bytes").asLong();
                }
            }
            JsonNode line = only(lines, Map.of("FileType", type));
            assertEquals(Map.of("RowsRead", totals.get("rowsRead").asLong(),
                    "RowsAccepted", totals.get("rowsAccepted").asLong(),
                    "RowsRejected", totals.get("rowsRejected").asLong(),
                    "Files", files, "Bytes", bytes), EmfLines.metrics(line), type);
            assertEquals("Bytes", EmfLines.unit(line, "Bytes"));
            assertEquals("Count", EmfLines.unit(line, "RowsRead"));
            assertTrue(bytes > 0 && files > 0, type);
        }
        assertEquals(2007, EmfLines.metrics(only(lines, Map.of("FileType", "orders"))).get("RowsRead"));

        // rejects per rule: every rule, as the report has them
        Map<String, Long> rules = new TreeMap<>();
        report.get("rejectedByRule").fields().forEachRemaining(e -> rules.put(e.getKey(), e.getValue().asLong()));
        for (Map.Entry<String, Long> rule : rules.entrySet()) {
            assertEquals(Map.of("RowsRejected", rule.getValue()),
                    EmfLines.metrics(only(lines, Map.of("Rule", rule.getKey()))), rule.getKey());
        }
        assertTrue(rules.values().stream().anyMatch(n -> n > 0), rules.toString());

        // every step's duration, as the report's timings
        Map<String, Long> validateSteps = new TreeMap<>();
        Map<String, Long> transformSteps = new TreeMap<>();
        report.get("timingsMillis").fields().forEachRemaining(e -> {
            String[] jobStep = e.getKey().split("\\.");
            JsonNode line = only(lines, Map.of("Job", jobStep[0], "Step", jobStep[1]));
            assertEquals(Map.of("StepDuration", e.getValue().asLong()), EmfLines.metrics(line), e.getKey());
            assertEquals("Milliseconds", EmfLines.unit(line, "StepDuration"));
            (jobStep[0].equals("validate") ? validateSteps : transformSteps).put(jobStep[1], e.getValue().asLong());
        });
        assertEquals(List.of("claim", "items", "judge", "orders", "products"), List.copyOf(validateSteps.keySet()));
        assertEquals(List.of("aggregate", "archive", "check", "merge"), List.copyOf(transformSteps.keySet()));

        // one line per job: restarts, duration, outcome, KPI keys changed
        assertEquals(Map.of("Restarts", 0L, "JobDuration", sum(validateSteps), "RunsRejected", 0L),
                EmfLines.metrics(only(lines, Map.of("Job", "validate"))));
        JsonNode kpis = report.get("kpiKeysTouched");
        assertEquals(Map.of("Restarts", 0L, "JobDuration", sum(transformSteps), "RunsProcessed", 1L,
                        "OrderKpiKeysChanged", (long) kpis.get("orderDates").size(),
                        "CategoryKpiKeysChanged", kpis.get("categoryKeys").asLong()),
                EmfLines.metrics(only(lines, Map.of("Job", "transform"))));
        assertEquals(31, kpis.get("orderDates").size());

        assertEquals(1 + validateSteps.size() + 3 + rules.size() + 1 + transformSteps.size(), lines.size(),
                "nothing else is published:\n" + run.out());
    }

    private static long sum(Map<String, Long> millis) {
        return millis.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The only line whose dimensions are exactly {@code dimensions}. */
    private static JsonNode only(List<JsonNode> lines, Map<String, String> dimensions) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode line : lines) {
            if (EmfLines.dimensions(line).equals(dimensions)) {
                found.add(line);
            }
        }
        assertEquals(1, found.size(), "lines with dimensions " + dimensions + ": " + found + " among " + lines);
        return found.get(0);
    }

    @Test
    void theEnvironmentVariableSwitchesMetricsOnForEachEntrypointAndARejectedBatchIsCounted() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        Map<String, String> container = Map.of("PIPELINE_METRICS", "emf");

        Cli validate = Cli.runWith(container, "validate", "--quiet", "--bucket", bucket(), "--store", store(),
                "--run-id", "r-rejected");

        assertEquals(1, validate.exitCode(), validate.toString()); // one item of 8 rejected: above 5 %
        List<JsonNode> lines = EmfLines.in(validate.out());
        assertEquals(Map.of("Restarts", 0L, "JobDuration", sumOfTimings(report("r-rejected"), "validate"),
                "RunsRejected", 1L), EmfLines.metrics(only(lines, Map.of("Job", "validate"))));
        assertEquals(Map.of("RowsRejected", 1L), EmfLines.metrics(only(lines, Map.of("Rule", "UNKNOWN_ORDER"))));
        assertEquals(8L, EmfLines.metrics(only(lines, Map.of("FileType", "order_items"))).get("RowsRead"));
        assertEquals(1L, EmfLines.metrics(only(lines, Map.of("FileType", "order_items"))).get("RowsRejected"));
        assertTrue(lines.stream().noneMatch(l -> EmfLines.dimensions(l).equals(Map.of("Job", "transform"))));
    }

    private static long sumOfTimings(JsonNode report, String job) {
        long sum = 0;
        for (var it = report.get("timingsMillis").fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().startsWith(job + ".")) {
                sum += e.getValue().asLong();
            }
        }
        return sum;
    }

    @Test
    void transformPublishesOnceAndAJobFoundCompletedPublishesNothing() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        Map<String, String> container = Map.of("PIPELINE_METRICS", "emf");
        Cli validate = Cli.runWith(container, "validate", "--quiet", "--bucket", bucket(), "--store", store(),
                "--run-id", "r-env", "--reject-limit", HandBuiltDrop.REJECT_LIMIT);
        assertEquals(0, validate.exitCode(), validate.toString());

        Cli transform = Cli.runWith(container, "transform", "--quiet", "--bucket", bucket(), "--store", store(),
                "--run-id", "r-env");
        Cli again = Cli.runWith(container, "transform", "--quiet", "--bucket", bucket(), "--store", store(),
                "--run-id", "r-env");

        assertEquals(0, transform.exitCode(), transform.toString());
        List<JsonNode> lines = EmfLines.in(transform.out());
        assertEquals(1L, EmfLines.metrics(only(lines, Map.of("Job", "transform"))).get("RunsProcessed"));
        assertTrue(lines.stream().allMatch(l -> EmfLines.dimensions(l).get("Job").equals("transform")),
                "transform publishes no rows: validate did");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(List.of(), EmfLines.in(again.out()), "an execution found completed ran nothing");
    }

    @Test
    void validateWithNothingToProcessPublishesOnlyItsJobLine() {
        Cli validate = Cli.run("validate", "--quiet", "--metrics", "emf", "--bucket", bucket(), "--store", store(),
                "--run-id", "r-empty");

        assertEquals(0, validate.exitCode(), validate.toString());
        List<JsonNode> lines = EmfLines.in(validate.out());
        Map<String, Long> job = EmfLines.metrics(only(lines, Map.of("Job", "validate")));
        assertEquals(0L, job.get("Restarts"), job.toString());
        assertFalse(job.containsKey("RunsRejected"), "no batch, so none rejected: " + job);
        assertTrue(lines.stream().noneMatch(l -> EmfLines.dimensions(l).containsKey("FileType")
                || EmfLines.dimensions(l).containsKey("Rule")), validate.out());
    }

    @Test
    void withoutTheSwitchOrWithMetricsOffNoEmfLineIsPrinted() {
        Cli byDefault = Cli.run("run", "--quiet", "--sample", "--bucket", bucket(), "--store", store());
        Cli off = Cli.runWith(Map.of("PIPELINE_METRICS", "emf"), "run", "--quiet", "--sample", "--metrics", "OFF",
                "--bucket", bucket(), "--store", store());

        assertEquals(0, byDefault.exitCode(), byDefault.toString());
        assertFalse(byDefault.out().contains("_aws") || byDefault.err().contains("_aws"), byDefault.toString());
        assertEquals(0, off.exitCode(), off.toString());
        assertFalse(off.out().contains("_aws") || off.err().contains("_aws"), off.toString());
    }

    @Test
    void anUnknownMetricsFormatIsABadUsage() {
        Cli run = Cli.run("run", "--metrics", "statsd", "--bucket", bucket(), "--store", store());

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("'statsd' is not a metrics format; use emf or off"), run.err());
    }

    @Test
    void theEmfCheckRejectsALineWhoseMetricHasNoValue() {
        String line = "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\","
                + "\"Dimensions\":[[\"Job\"]],"
                + "\"Metrics\":[{\"Name\":\"RowsRead\",\"Unit\":\"Count\"}]}]},\"Job\":\"validate\"}";
        String badUnit = line.replace("\"Count\"", "\"Rows\"").replace("}", ",\"RowsRead\":1}");

        AssertionError missing = assertThrows(AssertionError.class, () -> EmfLines.check(line));
        AssertionError unit = assertThrows(AssertionError.class, () -> EmfLines.check(badUnit));

        assertTrue(missing.getMessage().contains("metric RowsRead has no numeric member"), missing.getMessage());
        assertTrue(unit.getMessage().contains("Unit"), unit.getMessage());
    }
}
