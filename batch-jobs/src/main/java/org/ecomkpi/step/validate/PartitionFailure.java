package org.ecomkpi.step.validate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.run.RunOutcome;
import org.ecomkpi.run.Staging;

/**
 * Why a partition's range could not be read (schema error, invalid UTF-8, broken quoting), kept beside its parts.
 * Partitions run side by side and several may fail; the step's {@link CombinePartitionsBatchlet} reports the first
 * in file order, which is the failure an unpartitioned read would have stopped at.
 */
final class PartitionFailure {
    private PartitionFailure() {
    }

    static void write(Bucket bucket, Staging.PartitionKeys keys, RunOutcome.Rejection rejection) {
        Properties p = new Properties();
        p.setProperty("reason", rejection.reason().name());
        p.setProperty("message", rejection.message());
        RunOutcome.FilePosition at = rejection.at().orElseThrow();
        p.setProperty("file", at.file());
        p.setProperty("line", Long.toString(at.line()));
        p.setProperty("column", Long.toString(at.column()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            p.store(bytes, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bucket.write(keys.failure(), bytes.toByteArray());
    }

    static Optional<RunOutcome.Rejection> readFrom(Bucket bucket, Staging.PartitionKeys keys) {
        if (!bucket.exists(keys.failure())) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = bucket.read(keys.failure())) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + keys.failure() + ": " + e.getMessage(), e);
        }
        return Optional.of(RunOutcome.Rejection.inFile(RunOutcome.Reason.valueOf(p.getProperty("reason")),
                p.getProperty("message"), p.getProperty("file"), Long.parseLong(p.getProperty("line")),
                Long.parseLong(p.getProperty("column"))));
    }
}
