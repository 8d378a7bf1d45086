package org.ecomkpi.bucket;

import java.time.Instant;
import java.util.Objects;

/**
 * A file in landing as a claim sees it.
 *
 * @param object       key, size and last-modified time as listed
 * @param version      what identifies this very content to the store: the ETag on S3, size and modification time
 *                     in a folder; a file written again under the same key has another version
 * @param latestChange the latest moment the file may have changed: its last-modified time, rounded up to the
 *                     precision the store keeps (S3 lists whole seconds)
 */
record LandedFile(BucketObject object, String version, Instant latestChange) {

    LandedFile {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(latestChange, "latestChange");
    }

    String key() {
        return object.key();
    }

    /** Whether {@code other} is the same content as this, seen in another listing. */
    boolean sameAs(LandedFile other) {
        return object.equals(other.object) && version.equals(other.version);
    }
}
