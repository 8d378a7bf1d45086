package org.ecomkpi.logging;

import ch.qos.logback.core.boolex.PropertyConditionBase;

/**
 * The condition {@code logback.xml} chooses the JSON encoder by: {@code PIPELINE_LOG_FORMAT} is {@code json}, in any
 * case, as the container image sets it. A condition class rather than a Janino expression, so no compiler ships.
 */
public class JsonLogFormat extends PropertyConditionBase {
    /** The environment variable (or system property) that turns JSON lines on. */
    public static final String VARIABLE = "PIPELINE_LOG_FORMAT";

    @Override
    public boolean evaluate() {
        return "json".equalsIgnoreCase(property(VARIABLE));
    }
}
