package org.ecomkpi.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.ecomkpi.logging.PlainLogLayout;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;

import picocli.CommandLine;

/**
 * Runs the command line in this JVM, as {@code java -jar pipeline.jar} would, capturing stdout, stderr and the log
 * lines the command and its jobs wrote meanwhile (the process's log, on a container's stderr: what a child JVM's
 * output would hold besides stdout and stderr). The command takes its settings only from {@code environment}
 * ({@link Main#commandLine(Map)}), so a run here is configured as an ECS task is, without a JVM to start; a test needs
 * a child JVM ({@link org.ecomkpi.jobs.ChildCli}) only where the process itself is the point: killed, signalled,
 * frozen, or several running at once.
 */
public record Cli(int exitCode, String out, String err, String log) {

    public static Cli run(String... args) {
        return runWith(Map.of(), args);
    }

    public static Cli runWith(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        try (LogCapture log = LogCapture.start()) {
            int exitCode = commandLine.execute(args);
            return new Cli(exitCode, out.toString(), err.toString(), log.lines());
        }
    }

    /** Everything the command wrote: its log lines, then stderr, then stdout. */
    public String output() {
        return log + err + out;
    }

    /** For assertion messages: everything the command printed. */
    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- log ---\n" + log + "--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }

    /**
     * The log lines written while it is open, laid out as on the console ({@link PlainLogLayout}): an appender on the
     * root logger beside the console's. Test classes run one at a time in a surefire JVM, so what it holds is the
     * command's, plus at most a line from a thread an earlier test left running.
     */
    private static final class LogCapture implements AutoCloseable {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        private final ch.qos.logback.classic.Logger root;

        private LogCapture(LoggerContext context) {
            LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
            PlainLogLayout layout = new PlainLogLayout();
            layout.setContext(context);
            layout.start();
            encoder.setContext(context);
            encoder.setLayout(layout);
            encoder.setCharset(StandardCharsets.UTF_8);
            encoder.start();
            appender.setContext(context);
            appender.setName("cli-test-capture");
            appender.setEncoder(encoder);
            appender.setOutputStream(bytes);
            appender.setImmediateFlush(true);
            appender.start();
            root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.addAppender(appender);
        }

        static LogCapture start() {
            return new LogCapture((LoggerContext) LoggerFactory.getILoggerFactory());
        }

        String lines() {
            return bytes.toString(StandardCharsets.UTF_8); // ByteArrayOutputStream's writes and reads are synchronized
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            appender.stop();
        }
    }
}
