package org.ecomkpi.metrics;

/**
 * Where the pipeline's metric records go: nowhere ({@link #off()}, the local default) or CloudWatch's embedded metric
 * format on stdout ({@link EmfMetrics}, the container's default). A record is published whole or not at all.
 */
public interface Metrics {
    /** Publishes one record: its metrics share its dimensions and its properties. */
    void publish(MetricRecord record);

    /** Whether records are published anywhere; when not, a caller need not build them. */
    default boolean enabled() {
        return true;
    }

    /** Metrics switched off: every record is dropped. */
    static Metrics off() {
        return Off.INSTANCE;
    }

    /** The switched-off sink. */
    enum Off implements Metrics {
        INSTANCE;

        @Override
        public void publish(MetricRecord record) {
            // off: nothing is written
        }

        @Override
        public boolean enabled() {
            return false;
        }
    }
}
