package org.ecomkpi.metrics;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One value of a metric record, e.g. {@code RowsRead = 2007 Count}.
 *
 * @param name  the metric name, letters and digits ({@code RowsRead})
 * @param unit  the CloudWatch unit
 * @param value the value; counts, bytes and milliseconds are whole numbers
 */
public record Metric(String name, Unit unit, long value) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,254}");

    public Metric {
        Objects.requireNonNull(unit, "unit");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name must be letters and digits, starting with a letter: "
                    + name);
        }
    }

    public static Metric count(String name, long value) {
        return new Metric(name, Unit.COUNT, value);
    }

    public static Metric bytes(String name, long value) {
        return new Metric(name, Unit.BYTES, value);
    }

    public static Metric millis(String name, long value) {
        return new Metric(name, Unit.MILLISECONDS, value);
    }

    /** The CloudWatch units the pipeline uses. */
    public enum Unit {
        COUNT("Count"),
        BYTES("Bytes"),
        MILLISECONDS("Milliseconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        /** The unit as CloudWatch spells it ({@code Milliseconds}). */
        public String cloudWatchName() {
            return cloudWatchName;
        }
    }
}
