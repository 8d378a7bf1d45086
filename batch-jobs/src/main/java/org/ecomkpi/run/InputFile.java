package org.ecomkpi.run;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.row.FileType;

/**
 * One file of a claimed batch.
 *
 * @param key              where it is while the run holds it ({@code runs/<runId>/input/...})
 * @param relativePath     its path below {@code landing-data/}, kept when archiving
 * @param type             what it holds, or empty for a file the pipeline does not read
 * @param size             bytes
 * @param lastModified     when it landed; products files are applied oldest first, so the newest wins
 * @param sha256           hash of its content
 * @param alreadyProcessed the run that already counted this very content, when one did
 */
public record InputFile(
        String key,
        String relativePath,
        Optional<FileType> type,
        long size,
        Instant lastModified,
        String sha256,
        Optional<String> alreadyProcessed) {

    private static final String GZIP_SUFFIX = ".gz";

    public InputFile {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(alreadyProcessed, "alreadyProcessed");
    }

    /** Whether the validate job reads this file: a known type whose content no earlier run counted. */
    public boolean toRead() {
        return type.isPresent() && alreadyProcessed.isEmpty();
    }

    /**
     * The type a landing path names: {@code orders/...}, {@code order_items/...}, {@code products/...} or the
     * single file {@code products.csv}. Only {@code .csv} files count, and their gzip-compressed form
     * {@code .csv.gz}; any other path is not an input (it stays in landing, SPEC section 2).
     */
    public static Optional<FileType> typeOf(String relativePath) {
        String lower = relativePath.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(GZIP_SUFFIX)) {
            lower = lower.substring(0, lower.length() - GZIP_SUFFIX.length());
        }
        if (!lower.endsWith(".csv")) {
            return Optional.empty();
        }
        if (lower.equals("products.csv")) {
            return Optional.of(FileType.PRODUCTS);
        }
        int slash = lower.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        return FileType.ofFolder(lower.substring(0, slash));
    }

    /** Whether the pipeline reads the file at this landing path ({@link #typeOf} names a type). */
    public static boolean recognised(String relativePath) {
        return typeOf(relativePath).isPresent();
    }

    /**
     * Where the rejected rows of the file at {@code relativePath} are archived:
     * {@code invalid-data/<runId>/<relative path>}, less a {@code .gz} (the archive is plain CSV).
     */
    public static String rejectArchiveKey(String runId, String relativePath) {
        return BucketLayout.invalidData(runId, contentName(relativePath));
    }

    /** The name of a file without a {@code .gz} ending: what its content is once decompressed. */
    public static String contentName(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(GZIP_SUFFIX)
                ? name.substring(0, name.length() - GZIP_SUFFIX.length()) : name;
    }
}
