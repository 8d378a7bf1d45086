package org.ecomkpi.run;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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
     * single file {@code products.csv}. Only {@code .csv} files count.
     */
    public static Optional<FileType> typeOf(String relativePath) {
        String lower = relativePath.toLowerCase(java.util.Locale.ROOT);
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
}
