package org.ecomkpi.metrics;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Metrics that share one set of dimensions, published together (one EMF line).
 *
 * @param dimensions the dimension names and values, in order, e.g. {@code Job=validate, Step=orders}; at most
 *                   {@value #MAX_DIMENSIONS} (CloudWatch's limit is 30; the pipeline keeps them small)
 * @param metrics    at least one metric, names unique and none equal to a dimension or property name
 * @param properties context that is logged but not a dimension ({@code runId}: a dimension per run would make a new
 *                   metric per run)
 */
public record MetricRecord(Map<String, String> dimensions, List<Metric> metrics, Map<String, String> properties) {
    public static final int MAX_DIMENSIONS = 3;

    public MetricRecord {
        dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
        metrics = List.copyOf(metrics);
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        if (dimensions.size() > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("at most " + MAX_DIMENSIONS + " dimensions, got " + dimensions.keySet());
        }
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a metric record needs at least one metric");
        }
        Set<String> names = new HashSet<>(dimensions.keySet());
        for (String property : properties.keySet()) {
            if (!names.add(property)) {
                throw new IllegalArgumentException("property " + property + " is also a dimension");
            }
        }
        for (Metric metric : metrics) {
            if (!names.add(metric.name())) {
                throw new IllegalArgumentException("metric " + metric.name() + " is named twice in one record");
            }
        }
        dimensions.forEach((name, value) -> {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("dimension " + name + " has no value");
            }
        });
    }
}
