package org.ecomkpi.store;

import java.util.Locale;
import java.util.Objects;

import org.ecomkpi.bucket.BucketLayout;

/**
 * A file whose content a successful run counted, remembered by the SHA-256 of its bytes so the same content
 * is never counted again under another name or in another run (SPEC section 4).
 *
 * @param sha256  64 hex digits (stored lower case)
 * @param fileKey the bucket key the file had when the run read it, for reports
 * @param runId   the run that counted it
 */
public record ProcessedFile(String sha256, String fileKey, String runId) {

    public ProcessedFile {
        sha256 = requireSha256(sha256);
        Objects.requireNonNull(fileKey, "fileKey");
        BucketLayout.requireRunId(runId);
    }

    /** Returns the digest in lower case when it is 64 hex digits; throws naming it otherwise. */
    public static String requireSha256(String sha256) {
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length() != 64 || !sha256.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: '" + sha256 + "' (expected 64 hex digits)");
        }
        return sha256.toLowerCase(Locale.ROOT);
    }
}
