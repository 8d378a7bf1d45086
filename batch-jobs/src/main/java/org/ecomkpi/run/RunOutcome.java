package org.ecomkpi.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;

/**
 * Where a run stands, kept in {@code runs/<runId>/outcome.properties} and updated by the steps that decide
 * something: its status, why a batch failed, batch-level warnings, KPI keys touched, step timings. The
 * data-quality report is rendered from it together with the manifest and the step tallies.
 */
public final class RunOutcome {
    /** A run's status, in the order a successful run goes through them. */
    public enum Status {
        /** The batch is claimed and being validated. */
        CLAIMED,
        /** Every file was read and the reject ratio is within the limit: ready for transform. */
        VALIDATED,
        /** The whole batch failed (schema, unreadable file, reject ratio) and was archived to invalid-data. */
        REJECTED,
        /** KPIs merged and inputs archived to processed. */
        PROCESSED,
        /**
         * A job failed after its retries and the batch was archived to invalid-data/<runId>/input/
         * ({@code pipeline archive-failed}); no KPI changed, and transform refuses the run.
         */
        FAILED
    }

    private final Properties values;

    private RunOutcome(Properties values) {
        this.values = values;
    }

    public static String key(String runId) {
        return BucketLayout.outcome(runId);
    }

    public static RunOutcome readFrom(Bucket bucket, String runId) {
        Properties p = new Properties();
        String key = key(runId);
        if (bucket.exists(key)) {
            try (InputStream in = bucket.read(key)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + key + ": " + e.getMessage(), e);
            }
        }
        return new RunOutcome(p);
    }

    public void writeTo(Bucket bucket, String runId) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            values.store(bytes, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bucket.write(key(runId), bytes.toByteArray());
    }

    public Optional<Status> status() {
        return Optional.ofNullable(values.getProperty("status")).map(Status::valueOf);
    }

    public RunOutcome status(Status status) {
        values.setProperty("status", status.name());
        return this;
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.getProperty(name));
    }

    public RunOutcome set(String name, Object value) {
        values.setProperty(name, String.valueOf(value));
        return this;
    }

    /** Records how long a step took, in milliseconds. */
    public RunOutcome timing(String step, long millis) {
        return set("timing." + step, millis);
    }

    Properties values() {
        return values;
    }
}
