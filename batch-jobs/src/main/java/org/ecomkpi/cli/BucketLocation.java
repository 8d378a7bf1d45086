package org.ecomkpi.cli;

import java.net.URI;
import java.nio.file.Path;

import org.ecomkpi.bucket.Bucket;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Where a command finds the bucket: a folder path, {@code file:<path>} or {@code file:///abs/path}.
 * {@code s3://} is refused until that adapter is part of the build.
 *
 * @param location the location as the jobs take it
 */
record BucketLocation(String location) {

    static BucketLocation parse(String location) {
        if (location.isBlank()) {
            throw new IllegalArgumentException("the bucket location is empty; use a folder path or file:<path>");
        }
        if (location.startsWith("s3://")) {
            throw new IllegalArgumentException("'" + location + "': S3 buckets are not available in this build; "
                    + "use a folder path or file:<path>");
        }
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*") && !location.startsWith("file://")) {
            throw new IllegalArgumentException("'" + location + "' is not a bucket: use a folder path or file:<path>");
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

    /** The folder a key lives in, for messages: {@code <bucket>/<key>}. */
    String where(String key) {
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
