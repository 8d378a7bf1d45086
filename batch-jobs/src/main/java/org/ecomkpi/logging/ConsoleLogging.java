package org.ecomkpi.logging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends every library's log to the one backend and applies the CLI's {@code --quiet} and {@code --verbose} to it.
 * JBeret, Weld and Elytron log through jboss-logging, pointed at SLF4J here; the AWS SDK logs to SLF4J itself; what
 * logs to java.util.logging is bridged. The levels themselves are in {@code logback.xml}.
 */
public final class ConsoleLogging {
    private static final String PIPELINE = "org.ecomkpi";
    // the libraries logback.xml keeps to warnings; --verbose shows their info lines too
    private static final List<String> LIBRARIES = List.of("org.jberet", "org.jboss", "org.wildfly", "org.h2",
            "software.amazon.awssdk", "org.apache.http");
    private static final Map<String, Level> CONFIGURED = new HashMap<>();

    private ConsoleLogging() {
    }

    /** Call before the first job is launched; idempotent. */
    public static synchronized void routeLibraries() {
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
        if (!SLF4JBridgeHandler.isInstalled()) {
            // JUL's own console handler would print each record a second time, unformatted
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /** {@code --quiet}: the pipeline's own info lines are left out; warnings and errors still show. */
    public static synchronized void quiet(boolean quiet) {
        LoggerContext context = context();
        if (context != null) {
            context.getLogger(PIPELINE).setLevel(quiet ? Level.WARN : null);
        }
    }

    /** {@code --verbose}: stack traces with errors, and the libraries' info lines. */
    public static synchronized void verbose(boolean verbose) {
        LoggerContext context = context();
        if (context == null) {
            return;
        }
        context.putProperty(PlainLogLayout.STACK_TRACES, Boolean.toString(verbose));
        for (String name : LIBRARIES) {
            Logger logger = context.getLogger(name);
            if (!CONFIGURED.containsKey(name)) {
                CONFIGURED.put(name, logger.getLevel());
            }
            Level configured = CONFIGURED.get(name);
            boolean quieter = configured != null && configured.isGreaterOrEqual(Level.WARN);
            logger.setLevel(verbose && quieter ? Level.INFO : configured);
        }
    }

    // null when another SLF4J backend is in use (an embedder's): then its configuration decides
    private static LoggerContext context() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory instanceof LoggerContext context ? context : null;
    }
}
