package org.ecomkpi.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The EMF lines of a command's stdout, each checked against the embedded metric format: the specification's structure
 * as a JSON schema ({@code metrics/embedded-metric-format.schema.json}) plus the rules a schema cannot state, which
 * tie a directive to the root's members.
 */
public final class EmfLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = schema();

    private EmfLines() {
    }

    private static JsonSchema schema() {
        try (InputStream in = EmfLines.class.getResourceAsStream("/metrics/embedded-metric-format.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of {@code stdout} that carry an {@code _aws} member, parsed and checked; other lines are skipped. */
    public static List<JsonNode> in(String stdout) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.contains("\"_aws\"")) {
                lines.add(check(line));
            }
        }
        return lines;
    }

    /** Parses one line and checks it is an EMF document; throws {@link AssertionError} naming every problem. */
    public static JsonNode check(String line) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + line + ": " + e.getOriginalMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        if (!line.equals(line.strip()) || !root.isObject()) {
            problems.add("an EMF line is one JSON object with nothing before or after it");
        }
        Set<ValidationMessage> schemaErrors = SCHEMA.validate(root);
        schemaErrors.forEach(m -> problems.add(m.getMessage()));
        if (schemaErrors.isEmpty()) {
            for (JsonNode directive : root.get("_aws").get("CloudWatchMetrics")) {
                for (JsonNode set : directive.get("Dimensions")) {
                    for (JsonNode dimension : set) {
                        JsonNode value = root.get(dimension.asText());
                        if (value == null || !value.isTextual()) {
                            problems.add("dimension " + dimension.asText() + " has no string member in the root");
                        }
                    }
                }
                for (JsonNode metric : directive.get("Metrics")) {
                    JsonNode value = root.get(metric.get("Name").asText());
                    boolean numbers = value != null && value.isArray() && value.size() <= 100
                            && allNumbers(value.elements());
                    if (value == null || !(value.isNumber() || numbers)) {
                        problems.add("metric " + metric.get("Name").asText() + " has no numeric member in the root");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("not an EMF document: " + problems + "\n" + line);
        }
        return root;
    }

    private static boolean allNumbers(Iterator<JsonNode> values) {
        while (values.hasNext()) {
            if (!values.next().isNumber()) {
                return false;
            }
        }
        return true;
    }

    /** The dimensions of a checked line's only directive, name to value, in order. */
    public static Map<String, String> dimensions(JsonNode line) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (JsonNode set : directive(line).get("Dimensions")) {
            set.forEach(name -> dimensions.put(name.asText(), line.get(name.asText()).asText()));
        }
        return dimensions;
    }

    /** The metrics of a checked line's only directive, name to value. */
    public static Map<String, Long> metrics(JsonNode line) {
        Map<String, Long> metrics = new LinkedHashMap<>();
        directive(line).get("Metrics").forEach(m -> metrics.put(m.get("Name").asText(),
                line.get(m.get("Name").asText()).asLong()));
        return metrics;
    }

    /** The unit of one metric of a checked line. */
    public static String unit(JsonNode line, String metric) {
        for (JsonNode m : directive(line).get("Metrics")) {
            if (m.get("Name").asText().equals(metric)) {
                return m.get("Unit").asText();
            }
        }
        throw new AssertionError("no metric " + metric + " in " + line);
    }

    public static JsonNode directive(JsonNode line) {
        JsonNode directives = line.get("_aws").get("CloudWatchMetrics");
        if (directives.size() != 1) {
            throw new AssertionError("the pipeline writes one directive a line: " + line);
        }
        return directives.get(0);
    }

    /** Parses any JSON text, e.g. a run's report.json. */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
