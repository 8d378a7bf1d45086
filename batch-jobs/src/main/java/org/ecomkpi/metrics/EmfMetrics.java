package org.ecomkpi.metrics;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ecomkpi.run.JsonText;

/**
 * Metric records as CloudWatch's embedded metric format: one JSON object a line on stdout, which CloudWatch Logs turns
 * into metrics when the task's log reaches it (the {@code awslogs} driver of the ECS task definitions). A line:
 *
 * <pre>{@code
 * {"_aws":{"Timestamp":1706745600000,"CloudWatchMetrics":[{"Namespace":"EcommerceKpi/Pipeline",
 *   "Dimensions":[["FileType"]],"Metrics":[{"Name":"RowsRead","Unit":"Count"}]}]},
 *  "FileType":"orders","runId":"2024-01-31-a","RowsRead":2007}
 * }</pre>
 *
 * Written straight to the stream, never through a logger, so no log format or level can change or drop a line; lines
 * of concurrent publishers never interleave.
 */
public final class EmfMetrics implements Metrics {
    /** The CloudWatch namespace of every pipeline metric; fixed like the stack's other names. */
    public static final String NAMESPACE = "EcommerceKpi/Pipeline";

    private final PrintWriter out;
    private final Clock clock;

    /** Writes to {@code out} (the process's stdout in the CLI), timestamped by {@code clock}. */
    public EmfMetrics(PrintWriter out, Clock clock) {
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void publish(MetricRecord record) {
        String line = line(record, clock.millis());
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** The EMF line of a record, without its line break. */
    static String line(MetricRecord record, long timestampMillis) {
        List<Map<String, String>> definitions = new ArrayList<>();
        for (Metric metric : record.metrics()) {
            Map<String, String> definition = new LinkedHashMap<>();
            definition.put("Name", metric.name());
            definition.put("Unit", metric.unit().cloudWatchName());
            definitions.add(definition);
        }
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        // one dimension set: the record's dimensions (a record without any is a namespace-wide metric)
        directive.put("Dimensions", List.of(List.copyOf(record.dimensions().keySet())));
        directive.put("Metrics", definitions);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", timestampMillis);
        aws.put("CloudWatchMetrics", List.of(directive));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", aws);
        line.putAll(record.dimensions());
        line.putAll(record.properties());
        record.metrics().forEach(metric -> line.put(metric.name(), metric.value()));
        return JsonText.of(line);
    }
}
