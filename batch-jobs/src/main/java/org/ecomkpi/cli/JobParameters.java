package org.ecomkpi.cli;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Properties;

import org.ecomkpi.bucket.BucketLocation;
import org.ecomkpi.run.RunSettings;
import org.ecomkpi.store.StoreLocation;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The job parameters a command passes to the validate and transform jobs ({@link RunSettings}); a setting not
 * given is left to the job's own default.
 */
record JobParameters(BucketLocation bucket, StoreLocation store, Optional<Double> rejectLimit,
                     Optional<Integer> chunkSize, Optional<Integer> settleSeconds, Optional<Integer> partitionThreads,
                     Optional<Long> partitionBytes) {

    static final int MAX_CHUNK_SIZE = 1_000_000;

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty(RunSettings.BUCKET, bucket.location());
        p.setProperty(RunSettings.STORE, store.spec());
        rejectLimit.ifPresent(l -> p.setProperty(RunSettings.REJECT_LIMIT, BigDecimal.valueOf(l).toPlainString()));
        chunkSize.ifPresent(n -> p.setProperty(RunSettings.CHUNK_SIZE, Integer.toString(n)));
        settleSeconds.ifPresent(n -> p.setProperty(RunSettings.SETTLE_SECONDS, Integer.toString(n)));
        partitionThreads.ifPresent(n -> p.setProperty(RunSettings.PARTITION_THREADS, Integer.toString(n)));
        partitionBytes.ifPresent(n -> p.setProperty(RunSettings.PARTITION_BYTES, Long.toString(n)));
        return p;
    }

    /** Reads {@code --reject-limit}: a fraction ({@code 0.05}) or a percentage ({@code 5%}). */
    static final class RejectLimitConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                return RunSettings.parseRejectLimit(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads {@code --chunk-size}: rows per checkpoint, 1 to {@value #MAX_CHUNK_SIZE}. */
    static final class ChunkSizeConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int size;
            try {
                size = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number of rows");
            }
            if (size < 1 || size > MAX_CHUNK_SIZE) {
                throw new TypeConversionException(size + " rows is out of range: use 1 to " + MAX_CHUNK_SIZE);
            }
            return size;
        }
    }

    /** Reads {@code --partition-threads}: 1 to 1024 threads. */
    static final class PartitionThreadsConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) positive(value, 1024, "threads");
        }
    }

    /** Reads {@code --partition-bytes}: at least 1 byte. */
    static final class PartitionBytesConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return positive(value, Long.MAX_VALUE, "bytes");
        }
    }

    private static long positive(String value, long max, String unit) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number of " + unit);
        }
        if (n < 1 || n > max) {
            throw new TypeConversionException(n + " " + unit + " is out of range: use 1 to " + max);
        }
        return n;
    }

    /** Reads {@code --settle-seconds}: whole seconds, 0 to {@value RunSettings#MAX_SETTLE_SECONDS}. */
    static final class SettleSecondsConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return (int) RunSettings.parseSettleSeconds(value).toSeconds();
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
