package org.ecomkpi.cli;

import java.net.URI;
import java.nio.file.Path;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.S3Location;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Where a command finds the bucket: a folder path, {@code file:<path>} or {@code file:///abs/path}.
 * {@code s3://<bucket>[/<prefix>]} names an S3 bucket (checked against S3's naming rules here, reached later).
 *
 * @param location the location as the jobs take it
 */
record BucketLocation(String location) {

    static BucketLocation parse(String location) {
        if (location.isBlank()) {
            throw new IllegalArgumentException("the bucket location is empty; use a folder path or file:<path>");
        }
        if (location.startsWith("s3://")) {
            return new BucketLocation(S3Location.parse(location).toString());
        }
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*") && !location.startsWith("file://")) {
            throw new IllegalArgumentException("'" + location + "' is not a bucket: use a folder path, file:<path> or "
                    + "s3://<bucket>[/<prefix>]");
        }
        try {
            return new BucketLocation(folder(location).toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + location + "' is not a usable folder: " + e.getMessage());
        }
    }

    private static Path folder(String location) {
        if (location.startsWith("file://")) {
            return Path.of(URI.create(location)).toAbsolutePath().normalize();
        }
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        return Path.of(path).toAbsolutePath().normalize();
    }

    /** Opens the bucket (a local folder is created when missing). */
    Bucket open() {
        return Bucket.at(location);
    }

    /** Whether this is an S3 bucket rather than a local folder. */
    boolean isS3() {
        return location.startsWith("s3://");
    }

    /** Where a key lives, for messages: {@code <folder>/<key>} or {@code s3://<bucket>/<prefix>/<key>}. */
    String where(String key) {
        if (isS3()) {
            return location.endsWith("/") ? location + key : location + "/" + key;
        }
        return Path.of(location).resolve(key).toString();
    }

    @Override
    public String toString() {
        return location;
    }

    /** Reads {@code --bucket}; picocli names the option in the message. */
    static final class Converter implements ITypeConverter<BucketLocation> {
        @Override
        public BucketLocation convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
