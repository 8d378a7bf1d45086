package org.ecomkpi.bucket;

import java.util.Objects;

/**
 * Where an S3 bucket of the pipeline is: {@code s3://bucket} or {@code s3://bucket/prefix}. With a prefix, the
 * pipeline's key {@code landing-data/orders/o.csv} is the S3 object {@code prefix/landing-data/orders/o.csv}, and
 * nothing outside the prefix is ever listed, read or written.
 *
 * @param bucket the S3 bucket name
 * @param prefix the folder inside it, without leading or trailing {@code /}; empty for the whole bucket
 */
public record S3Location(String bucket, String prefix) {
    private static final String SCHEME = "s3://";

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        requireBucketName(bucket);
        if (!prefix.isEmpty()) {
            ObjectKey.requireValid(prefix);
        }
    }

    /** Reads {@code s3://bucket} or {@code s3://bucket/prefix} (a trailing {@code /} is allowed). */
    public static S3Location parse(String location) {
        Objects.requireNonNull(location, "location");
        if (!location.startsWith(SCHEME)) {
            throw new IllegalArgumentException("'" + location + "' is not an S3 location (s3://<bucket>[/<prefix>])");
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        try {
            return new S3Location(bucket, prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("S3 location '" + location + "': " + e.getMessage(), e);
        }
    }

    /** The S3 object key of a pipeline key. */
    String objectKey(String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    /** What S3 keys of this location start with: {@code ""} or {@code prefix/}. */
    String keyPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    @Override
    public String toString() {
        return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    // S3's naming rules for general purpose buckets, checked here so a typo fails before any request is made
    private static void requireBucketName(String name) {
        if (name.length() < 3 || name.length() > 63) {
            throw new IllegalArgumentException("bucket name '" + name + "' must be 3 to 63 characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
            if (!allowed) {
                throw new IllegalArgumentException("bucket name '" + name + "' has '" + c + "' at position " + i
                        + " (use lower-case letters, digits, '-' and '.')");
            }
        }
        char first = name.charAt(0);
        char last = name.charAt(name.length() - 1);
        if (first == '-' || first == '.' || last == '-' || last == '.') {
            throw new IllegalArgumentException("bucket name '" + name + "' must begin and end with a letter or digit");
        }
    }
}
