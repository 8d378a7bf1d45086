package org.ecomkpi.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;

import org.ecomkpi.metrics.EmfMetrics;
import org.ecomkpi.metrics.Metrics;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --metrics emf|off}, mixed into the commands that run jobs; the container image sets {@code emf}. */
final class MetricsOptions {
    @Option(names = "--metrics", paramLabel = "F", converter = FormatConverter.class,
            description = "emf: CloudWatch embedded-metric-format lines on stdout (rows, rejects, bytes, durations, "
                    + "KPI keys changed, restarts); off: none. Default: $" + EnvironmentDefaults.METRICS_VARIABLE
                    + ", else off.")
    Format format;

    /** How metrics are published. */
    enum Format {
        EMF,
        OFF;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The metrics sink the option asks for, writing EMF lines to {@code out} (stdout). */
    Metrics open(PrintWriter out) {
        return format == Format.EMF ? new EmfMetrics(out, Clock.systemUTC()) : Metrics.off();
    }

    /** Reads {@code --metrics}: emf or off, any case. */
    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            for (Format format : Format.values()) {
                if (format.toString().equalsIgnoreCase(value.trim())) {
                    return format;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a metrics format; use emf or off");
        }
    }
}
