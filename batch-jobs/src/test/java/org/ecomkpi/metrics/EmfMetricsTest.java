package org.ecomkpi.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class EmfMetricsTest {
    private static final Clock JANUARY_31 = Clock.fixed(Instant.parse("2024-01-31T00:00:00Z"), ZoneOffset.UTC);

    private static MetricRecord stepRecord(String step, long millis) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Job", "validate");
        dimensions.put("Step", step);
        return new MetricRecord(dimensions, List.of(Metric.millis("StepDuration", millis)),
                Map.of("runId", "2024-01-31-a"));
    }

    @Test
    void aRecordIsOneEmfLineWithItsDimensionsPropertiesAndValuesAsMembers() {
        StringWriter out = new StringWriter();

        new EmfMetrics(new PrintWriter(out), JANUARY_31).publish(stepRecord("orders", 1234));

        assertEquals("{\"_aws\":{\"Timestamp\":1706659200000,\"CloudWatchMetrics\":[{\"Namespace\":"
                + "\"EcommerceKpi/Pipeline\",\"Dimensions\":[[\"Job\",\"Step\"]],\"Metrics\":[{\"Name\":"
                + "\"StepDuration\",\"Unit\":\"Milliseconds\"}]}]},\"Job\":\"validate\",\"Step\":\"orders\","
                + "\"runId\":\"2024-01-31-a\",\"StepDuration\":1234}" + System.lineSeparator(), out.toString());
        EmfLines.check(out.toString().strip());
    }

    @Test
    void linesOfConcurrentPublishersNeverInterleave() throws Exception {
        StringWriter out = new StringWriter();
        EmfMetrics metrics = new EmfMetrics(new PrintWriter(out), JANUARY_31);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> publishers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String step = "step" + t;
            publishers.add(pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    metrics.publish(stepRecord(step, i));
                }
            }));
        }
        for (Future<?> publisher : publishers) {
            publisher.get();
        }
        pool.shutdown();

        List<JsonNode> lines = EmfLines.in(out.toString());
        assertEquals(8 * 500, lines.size());
        assertEquals(8 * 500, out.toString().lines().count(), "nothing but whole EMF lines");
    }

    @Test
    void aRecordRefusesWhatWouldMakeABadOrCostlyMetric() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> new MetricRecord(
                Map.of("Job", "validate"), List.of(Metric.count("Job", 1)), Map.of()));
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class, () -> new MetricRecord(
                Map.of("Job", "validate", "Step", "orders", "FileType", "orders", "Rule", "DUPLICATE_KEY"),
                List.of(Metric.count("RowsRead", 1)), Map.of()));
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> Metric.count("rows read", 1));

        assertTrue(twice.getMessage().contains("Job"), twice.getMessage());
        assertTrue(many.getMessage().contains("at most 3 dimensions"), many.getMessage());
        assertTrue(name.getMessage().contains("letters and digits"), name.getMessage());
    }
}
