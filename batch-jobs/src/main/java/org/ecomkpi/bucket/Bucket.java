package org.ecomkpi.bucket;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.aws.AwsClients;

/**
 * Object storage holding the pipeline's files: a local folder ({@link LocalBucket}) or an S3 bucket. A blob store
 * and nothing more: the keys it is used with are built by {@link BucketLayout}, and claiming landed files for a run
 * is {@link BatchClaims}'. The contract is the common ground of both, and {@code BucketContract} (test sources) pins
 * it down:
 * <ul>
 *   <li>Keys are {@code /}-separated strings relative to the bucket root, checked by {@link ObjectKey}: a key
 *       with a {@code ..} segment, a leading {@code /}, a backslash or a control character is refused with an
 *       {@link IllegalArgumentException} naming it. There are no folders, only key prefixes.</li>
 *   <li>Listings are by key prefix (plain string prefix, as in S3) and sorted by key
 *       ({@link String#compareTo}).</li>
 *   <li>A write is visible all at once or not at all; writing an existing key replaces it.</li>
 *   <li>{@link #copy} and {@link #move} replace the target; a move may be a copy followed by a delete, so
 *       nothing here promises anything about concurrent movers: taking landed files for a run is
 *       {@link BatchClaims}' job.</li>
 *   <li>Failures of the storage itself are {@link BucketException}s; a missing key is a
 *       {@link NoSuchObjectException}.</li>
 * </ul>
 * Implementations are safe for use by many threads.
 */
public interface Bucket {

    /**
     * Opens the bucket a location names ({@link BucketLocation#parse}): {@code file:<path>}, {@code file:///abs/path}
     * or a plain path for a local folder (created when missing); {@code s3://bucket} or {@code s3://bucket/prefix}
     * for S3, through the S3 client of this process ({@link AwsClients#ofProcess()}).
     */
    static Bucket at(String location) {
        return BucketLocation.parse(location).open(AwsClients.ofProcess());
    }

    /** Where this bucket is, as a user would write it ({@code file:/...} or {@code s3://...}); used in messages. */
    String location();

    /** Every object whose key starts with {@code prefix} ({@code ""} for all), sorted by key. */
    List<BucketObject> list(String prefix);

    /** The object at {@code key}, or empty when there is none. */
    Optional<BucketObject> describe(String key);

    /** Whether an object exists at {@code key}. */
    default boolean exists(String key) {
        return describe(key).isPresent();
    }

    /** Opens a streaming read of the whole object. The caller closes the stream. */
    default InputStream read(String key) {
        return read(key, 0);
    }

    /**
     * Opens a streaming read starting {@code offset} bytes into the object, so a restarted reader resumes
     * where its checkpoint says without reading the start again. {@code offset} may equal the size (an empty
     * stream); beyond it is an {@link IllegalArgumentException}.
     */
    InputStream read(String key, long offset);

    /**
     * Writes the stream's bytes as the object at {@code key}, replacing any object there. Readers see the
     * old object or the whole new one, never a part. The stream is read to its end but not closed.
     */
    void write(String key, InputStream content);

    /** Writes {@code content} as the object at {@code key}, with the same guarantees as the stream variant. */
    default void write(String key, byte[] content) {
        write(key, new ByteArrayInputStream(content));
    }

    /** Copies the object at {@code from} to {@code to}, replacing any object there. */
    void copy(String from, String to);

    /**
     * Moves the object at {@code from} to {@code to}, replacing any object there. May be a copy then a delete:
     * for a moment both keys may exist. Throws {@link NoSuchObjectException} when {@code from} is gone.
     */
    void move(String from, String to);

    /** Deletes the object at {@code key}; deleting a missing key does nothing (as in S3). */
    void delete(String key);

    /** The SHA-256 of the object's content as 64 lower-case hex digits, computed by streaming it. */
    default String sha256(String key) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = read(key)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new BucketException(location() + ": cannot read '" + key + "' to hash it: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
