package org.ecomkpi.store;

import java.util.Objects;
import java.util.function.IntFunction;

import org.ecomkpi.kpi.VersionBatch;

/**
 * The versions a run accepted, as the parts they were staged in (one per chunk of the transform step), read one
 * at a time so a store can stream a batch larger than the heap. Together the parts are one {@link VersionBatch}:
 * across parts too the first occurrence of a key wins, so a later part's version of a key is ignored.
 *
 * <pre>{@code
 * VersionParts parts = VersionParts.of(3, part -> VersionBatch.fromBytes(bucket.readAll(partKey(part))));
 * }</pre>
 */
public final class VersionParts {
    private final int count;
    private final IntFunction<VersionBatch> reader;

    private VersionParts(int count, IntFunction<VersionBatch> reader) {
        if (count < 0) {
            throw new IllegalArgumentException("a run has no negative number of version parts: " + count);
        }
        this.count = count;
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** {@code count} parts, part {@code i} read by {@code reader.apply(i)} each time it is asked for. */
    public static VersionParts of(int count, IntFunction<VersionBatch> reader) {
        return new VersionParts(count, reader);
    }

    /** One part holding the whole batch, already in memory. */
    public static VersionParts of(VersionBatch batch) {
        Objects.requireNonNull(batch, "batch");
        return new VersionParts(1, part -> batch);
    }

    /** How many parts there are. */
    public int count() {
        return count;
    }

    /** Part {@code part} (0 to {@link #count()} - 1), read now. */
    public VersionBatch read(int part) {
        if (part < 0 || part >= count) {
            throw new IndexOutOfBoundsException("version part " + part + " of " + count);
        }
        return reader.apply(part);
    }

    /** Every part in one batch, first occurrence winning: the whole batch in memory, for stores that need it. */
    public VersionBatch whole() {
        if (count == 1) {
            return read(0);
        }
        VersionBatch batch = new VersionBatch();
        for (int part = 0; part < count; part++) {
            batch.addAll(read(part));
        }
        return batch;
    }
}
