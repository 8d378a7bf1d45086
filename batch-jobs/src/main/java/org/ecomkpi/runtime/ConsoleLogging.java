package org.ecomkpi.runtime;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the batch libraries' console output to warnings. JBeret, Weld and Elytron log through jboss-logging, which
 * is pointed at java.util.logging (no extra backend to ship); JUL's console handler writes to stderr, so stdout stays
 * free for the command's own output.
 */
public final class ConsoleLogging {

    // JUL holds loggers weakly: keep them, or the levels are forgotten at the next GC
    private static final List<Logger> QUIETED = List.of(
            Logger.getLogger("org.jberet"),
            Logger.getLogger("org.jboss"),
            Logger.getLogger("org.wildfly"),
            Logger.getLogger("org.h2"));

    private ConsoleLogging() {
    }

    /** Call before the first job is launched; idempotent. */
    public static void quietBatchLibraries() {
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "jdk");
        }
        for (Logger logger : QUIETED) {
            logger.setLevel(Level.WARNING);
        }
    }
}
