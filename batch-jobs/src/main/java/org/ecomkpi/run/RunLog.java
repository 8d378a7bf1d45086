package org.ecomkpi.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ecomkpi.logging.RunContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The pipeline's log: one line per event, with run id, job, step and counts, through the process's one logging
 * backend ({@code org.ecomkpi.logging}): a JSON object in containers ({@code PIPELINE_LOG_FORMAT=json}, set by the
 * image) for CloudWatch Logs Insights, a short human line on a terminal. Nothing secret is ever passed in.
 */
public final class RunLog {
    private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);

    private RunLog() {
    }

    public static void info(String runId, String job, String step, String message, Map<String, ?> fields) {
        log(Level.INFO, runId, job, step, message, fields);
    }

    public static void warn(String runId, String job, String step, String message, Map<String, ?> fields) {
        log(Level.WARN, runId, job, step, message, fields);
    }

    public static void error(String runId, String job, String step, String message, Map<String, ?> fields) {
        log(Level.ERROR, runId, job, step, message, fields);
    }

    private static void log(Level level, String runId, String job, String step, String message,
            Map<String, ?> fields) {
        if (!LOG.isEnabledForLevel(level)) {
            return;
        }
        try (RunContext.Scope scope = RunContext.enter(runId, job, step)) {
            LoggingEventBuilder line = LOG.atLevel(level);
            fields.forEach((key, value) -> line.addKeyValue(key, loggable(value)));
            line.log(message);
        }
    }

    // numbers, booleans and text as they are, lists and maps of them too; anything else (a path, a key) as its text
    private static Object loggable(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Iterable<?> items) {
            List<Object> list = new ArrayList<>();
            items.forEach(item -> list.add(loggable(item)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), loggable(v)));
            return copy;
        }
        return value.toString();
    }
}
