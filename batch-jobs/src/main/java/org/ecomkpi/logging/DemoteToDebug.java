package org.ecomkpi.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

import org.slf4j.Marker;
import org.slf4j.spi.LocationAwareLogger;

/**
 * Logs one library message at DEBUG when its library logs it higher: for a message that is informational but logged
 * as a warning, where lowering its whole logger would hide real warnings too. {@code logback.xml} names the message
 * by how it starts ({@code <messageStart>JBERET000018:</messageStart>}) and says why.
 */
public class DemoteToDebug extends TurboFilter {
    private static final String FQCN = DemoteToDebug.class.getName();

    private String messageStart;

    /** The start of the message to demote, e.g. its id. */
    public void setMessageStart(String messageStart) {
        this.messageStart = messageStart;
    }

    @Override
    public void start() {
        if (messageStart == null || messageStart.isEmpty()) {
            addError("no <messageStart> for " + getName() + ": it would demote nothing");
            return;
        }
        super.start();
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        if (!isStarted() || format == null || level == null || level.levelInt <= Level.DEBUG_INT
                || !format.startsWith(messageStart)) {
            return FilterReply.NEUTRAL;
        }
        // logged again at DEBUG, which this filter lets through: shown only where DEBUG is on for that logger
        if (logger.isDebugEnabled()) {
            logger.log(marker, FQCN, LocationAwareLogger.DEBUG_INT, format, params, t);
        }
        return FilterReply.DENY;
    }
}
