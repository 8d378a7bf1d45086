package org.ecomkpi.run;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pipeline's log: one line per event on stderr, with run id, job, step and counts. In containers
 * ({@code PIPELINE_LOG_FORMAT=json}, set by the image) each line is one JSON object for CloudWatch Logs
 * Insights; on a terminal it is a short human line. Nothing secret is ever passed in.
 */
public final class RunLog {
    private static final boolean JSON = "json".equalsIgnoreCase(System.getenv("PIPELINE_LOG_FORMAT"));
    private static volatile boolean quiet;

    private RunLog() {
    }

    /** Silences info lines (the CLI's {@code --quiet}); warnings and errors still show. */
    public static void quiet(boolean value) {
        quiet = value;
    }

    public static void info(String runId, String job, String step, String message, Map<String, ?> fields) {
        if (!quiet) {
            log("INFO", runId, job, step, message, fields);
        }
    }

    public static void warn(String runId, String job, String step, String message, Map<String, ?> fields) {
        log("WARN", runId, job, step, message, fields);
    }

    public static void error(String runId, String job, String step, String message, Map<String, ?> fields) {
        log("ERROR", runId, job, step, message, fields);
    }

    private static void log(String level, String runId, String job, String step, String message,
            Map<String, ?> fields) {
        PrintStream err = System.err;
        if (JSON) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", Instant.now().toString());
            line.put("level", level);
            line.put("runId", runId);
            line.put("job", job);
            line.put("step", step);
            line.put("message", message);
            line.putAll(fields);
            err.println(JsonText.of(line));
        } else {
            StringBuilder text = new StringBuilder();
            text.append(level).append(" [").append(runId).append(' ').append(job).append('/').append(step)
                    .append("] ").append(message);
            fields.forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
            err.println(text);
        }
    }
}
