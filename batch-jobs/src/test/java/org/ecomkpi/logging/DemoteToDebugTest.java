package org.ecomkpi.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import org.jberet._private.BatchLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * JBeret's own logger, through jboss-logging, into the Logback configured by {@code logback.xml}: JBERET000018 (logged
 * at WARN on every normal restart) arrives at DEBUG, or not at all where DEBUG is off; JBeret's other warnings are
 * left as they are.
 */
class DemoteToDebugTest {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger jberet = context.getLogger("org.jberet");
    private final ListAppender<ILoggingEvent> seen = new ListAppender<>();
    private Level configured;

    @BeforeEach
    void listenToJBeret() {
        ConsoleLogging.routeLibraries();
        configured = jberet.getLevel();
        seen.setContext(context);
        seen.start();
        jberet.addAppender(seen);
    }

    @AfterEach
    void stopListening() {
        jberet.detachAppender(seen);
        jberet.setLevel(configured);
    }

    @Test
    void originalStepNotFoundOnRestartIsNotAWarning() {
        BatchLogger.LOGGER.couldNotFindOriginalStepToRestart(7L, "items");

        assertEquals(List.of(), seen.list, "JBERET000018 with org.jberet at its configured " + configured);
    }

    @Test
    void originalStepNotFoundOnRestartShowsAtDebugWhereDebugIsOn() {
        jberet.setLevel(Level.DEBUG);

        BatchLogger.LOGGER.couldNotFindOriginalStepToRestart(7L, "items");

        assertEquals(1, seen.list.size(), seen.list.toString());
        ILoggingEvent event = seen.list.get(0);
        assertEquals(Level.DEBUG, event.getLevel());
        assertTrue(event.getFormattedMessage().startsWith("JBERET000018: Could not find the original step execution"),
                event.getFormattedMessage());
        assertTrue(event.getFormattedMessage().contains("step name: items"), event.getFormattedMessage());
    }

    @Test
    void jberetsOtherWarningsStayWarnings() {
        BatchLogger.LOGGER.errorWhenCreatingTable(new SQLException("table exists"));

        assertEquals(1, seen.list.size(), seen.list.toString());
        assertEquals(Level.WARN, seen.list.get(0).getLevel());
        assertTrue(seen.list.get(0).getFormattedMessage().startsWith("JBERET000019"), seen.list.toString());
    }
}
