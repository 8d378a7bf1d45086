package org.ecomkpi.bucket;

import java.time.Instant;
import java.util.Objects;

/** One object of a bucket as a listing shows it: its key, size in bytes and last-modified time. */
public record BucketObject(String key, long size, Instant lastModified) {

    public BucketObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + key);
        }
    }

    /** The last segment of the key, e.g. {@code orders_1.csv} for {@code landing-data/orders/orders_1.csv}. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
