package org.ecomkpi.logging;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

import org.slf4j.event.KeyValuePair;

/**
 * A log line for a person at a terminal: {@code INFO [r1 validate/items] checkpoint committed chunks=1 rowsRead=500}.
 * The run, job and step come from {@link RunContext}; a library's line names its logger
 * ({@code WARN [r1 validate] org.jberet: JBERET000...}); a failure is told in one line, or with its stack trace when
 * the context property {@value #STACK_TRACES} is {@code true} (the CLI's {@code --verbose}).
 */
public class PlainLogLayout extends LayoutBase<ILoggingEvent> {
    /** The logger context property that asks for stack traces. */
    public static final String STACK_TRACES = "pipeline.stackTraces";
    private static final String OURS = "org.ecomkpi.";

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        line.append(event.getLevel()).append(' ');
        appendRunContext(line, event.getMDCPropertyMap());
        if (!event.getLoggerName().startsWith(OURS)) {
            line.append(event.getLoggerName()).append(": ");
        }
        line.append(event.getFormattedMessage());
        List<KeyValuePair> fields = event.getKeyValuePairs();
        if (fields != null) {
            for (KeyValuePair field : fields) {
                line.append(' ').append(field.key).append('=').append(field.value);
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null && Boolean.parseBoolean(getContext().getProperty(STACK_TRACES))) {
            line.append(CoreConstants.LINE_SEPARATOR).append(ThrowableProxyUtil.asString(thrown));
        } else if (thrown instanceof ThrowableProxy proxy) {
            line.append(": ").append(Causes.describe(proxy.getThrowable()));
        } else if (thrown != null) {
            line.append(": ").append(thrown.getMessage());
        }
        return line.append(CoreConstants.LINE_SEPARATOR).toString();
    }

    private static void appendRunContext(StringBuilder line, Map<String, String> mdc) {
        String runId = mdc.get(RunContext.RUN_ID);
        String job = mdc.get(RunContext.JOB);
        String step = mdc.get(RunContext.STEP);
        if (runId == null && job == null) {
            return;
        }
        line.append('[');
        if (runId != null) {
            line.append(runId);
        }
        if (job != null) {
            line.append(runId != null ? " " : "").append(job);
        }
        if (step != null) {
            line.append('/').append(step);
        }
        line.append("] ");
    }
}
