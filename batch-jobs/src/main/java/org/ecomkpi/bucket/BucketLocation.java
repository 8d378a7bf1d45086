package org.ecomkpi.bucket;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import org.ecomkpi.aws.AwsClients;

/**
 * Where the pipeline's bucket is, parsed once, the same way for the CLI's {@code --bucket} and for the jobs'
 * {@code bucket} property: a folder path, {@code file:<path>} or {@code file:///abs/path} (made absolute), or
 * {@code s3://<bucket>[/<prefix>]} ({@link S3Location}, checked against S3's naming rules here, reached when
 * opened). Anything else with a scheme ({@code ftp://...}) is refused rather than taken for a folder.
 *
 * <pre>{@code
 * Bucket bucket = BucketLocation.parse("s3://drops/prod").open(AwsClients.ofProcess());
 * }</pre>
 *
 * @param location the location in its one canonical form: an absolute folder path, or {@code s3://bucket[/prefix]}
 */
public record BucketLocation(String location) {
    private static final String S3 = "s3://";

    /** Parses a location; the message of the exception says what is wrong and what would be right. */
    public static BucketLocation parse(String location) {
        if (location.isBlank()) {
            throw new IllegalArgumentException("the bucket location is empty; use a folder path, file:<path> or "
                    + "s3://<bucket>[/<prefix>]");
        }
        if (location.startsWith(S3)) {
            return new BucketLocation(S3Location.parse(location).toString());
        }
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*") && !location.startsWith("file://")) {
            throw new IllegalArgumentException("'" + location + "' is not a bucket: use a folder path, file:<path> or "
                    + "s3://<bucket>[/<prefix>]");
        }
        try {
            return new BucketLocation(folder(location).toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + location + "' is not a usable folder: " + e.getMessage(), e);
        }
    }

    private static Path folder(String location) {
        if (location.startsWith("file://")) {
            return Path.of(URI.create(location)).toAbsolutePath().normalize();
        }
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        return Path.of(path).toAbsolutePath().normalize();
    }

    /**
     * Opens the bucket: a local folder (created when missing), or the S3 bucket through {@code clients}' S3 client,
     * which stays theirs.
     */
    public Bucket open(AwsClients clients) {
        Optional<S3Location> s3 = s3();
        if (s3.isPresent()) {
            return new S3Bucket(clients.s3(), s3.get());
        }
        return LocalBucket.at(Path.of(location));
    }

    /** Whether this is an S3 bucket rather than a local folder. */
    public boolean isS3() {
        return location.startsWith(S3);
    }

    /** The S3 bucket and prefix, or empty for a local folder. */
    public Optional<S3Location> s3() {
        return isS3() ? Optional.of(S3Location.parse(location)) : Optional.empty();
    }

    /** Where a key lives, for messages: {@code <folder>/<key>} or {@code s3://<bucket>/<prefix>/<key>}. */
    public String where(String key) {
        if (isS3()) {
            return location.endsWith("/") ? location + key : location + "/" + key;
        }
        return Path.of(location).resolve(key).toString();
    }

    @Override
    public String toString() {
        return location;
    }
}
