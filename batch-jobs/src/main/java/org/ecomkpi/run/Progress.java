package org.ecomkpi.run;

import java.util.Locale;

import org.ecomkpi.settings.PipelineSettings;

/**
 * Progress of a long read on stderr, at most every two seconds: rows, throughput and share of bytes done.
 * Silent under {@code --quiet} and in containers ({@link PipelineSettings#progressOnStderr()}: {@code PIPELINE_LOG_FORMAT}
 * set), where the structured step logs say enough.
 */
public final class Progress {
    private static final long EVERY_NANOS = 2_000_000_000L;
    private static volatile boolean enabled = true;

    private final String what;
    private final long totalBytes;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;
    private long rows;

    private final boolean shown;

    public Progress(String what, long totalBytes) {
        this.what = what;
        this.totalBytes = totalBytes;
        this.shown = enabled && PipelineSettings.ofProcess().progressOnStderr();
    }

    /** Turns progress lines off ({@code --quiet}) or on again, for this process. */
    public static void enabled(boolean value) {
        enabled = value;
    }

    /** Counts a row; prints now and then. {@code bytesDone} is the position over all of this step's input. */
    public void row(java.util.function.LongSupplier bytesDone) {
        rows++;
        if ((rows & 1023) == 0 && shown) {
            long now = System.nanoTime();
            if (now - lastNanos >= EVERY_NANOS) {
                lastNanos = now;
                double seconds = (now - startNanos) / 1e9;
                long done = bytesDone.getAsLong();
                System.err.printf(Locale.ROOT, "  %s: %,d rows, %.1f MB/s, %d%% of %,d bytes%n", what, rows,
                        done / 1e6 / seconds, totalBytes == 0 ? 100 : done * 100 / totalBytes, totalBytes);
            }
        }
    }
}
