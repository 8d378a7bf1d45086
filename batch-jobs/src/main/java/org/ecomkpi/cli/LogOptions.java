package org.ecomkpi.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.ecomkpi.run.Progress;
import org.ecomkpi.run.RunLog;

import picocli.CommandLine.Option;

/** {@code --quiet} and {@code --verbose}, mixed into every command. */
final class LogOptions {
    @Option(names = {"-q", "--quiet"}, description = "Only warnings and errors on stderr: no info logs, no progress.")
    boolean quiet;

    @Option(names = "--verbose", description = "Show stack traces with errors.")
    boolean verbose;

    /** Applies the options to the pipeline's log and to the libraries' console log. */
    void apply() {
        RunLog.quiet(quiet);
        if (quiet) {
            Progress.enabled(false);
        }
        // JBeret logs a failed step's exception with its stack trace; one line is enough unless asked for more
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.setFormatter(new OneLine(verbose));
        }
    }

    /** A library log record as one line (plus the stack trace under {@code --verbose}). */
    private static final class OneLine extends Formatter {
        private final boolean stackTraces;

        OneLine(boolean stackTraces) {
            this.stackTraces = stackTraces;
        }

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(record.getLevel().getName()).append(' ')
                    .append(record.getLoggerName()).append(": ").append(formatMessage(record));
            Throwable thrown = record.getThrown();
            if (thrown != null && stackTraces) {
                StringWriter trace = new StringWriter();
                thrown.printStackTrace(new PrintWriter(trace));
                line.append(System.lineSeparator()).append(trace);
            } else if (thrown != null) {
                line.append(": ").append(FailureReport.describe(thrown));
            }
            return line.append(System.lineSeparator()).toString();
        }
    }
}
