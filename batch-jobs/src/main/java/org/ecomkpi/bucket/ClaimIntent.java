package org.ecomkpi.bucket;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a claimer holding the lease decided to take, written down before it moves the first file. When it dies
 * halfway, the next holder of the lease finds the intent and finishes the moves into the same run's input, so an
 * upload is never left split between a dead claim and a live one. Moving a file of an intent is conditional on
 * its {@link LandedFile#version}, so doing it twice, or after the file was replaced, is harmless.
 *
 * @param runId the run whose input the files go to
 * @param files the landing files, as listed when the decision was made
 */
record ClaimIntent(String runId, List<LandedFile> files) {
    private static final String RUN = "intent-run=";
    private static final String TAKE = "take=";

    ClaimIntent {
        BucketLayout.requireRunId(runId);
        files = List.copyOf(files);
    }

    /** The intent as text lines: {@code intent-run=<runId>}, then one {@code take=} line per file. */
    String lines() {
        StringBuilder text = new StringBuilder(RUN).append(runId).append('\n');
        for (LandedFile file : files) {
            // keys and versions hold no tab or newline (ObjectKey forbids control characters)
            text.append(TAKE).append(file.version()).append('\t').append(file.object().size()).append('\t')
                    .append(file.object().lastModified()).append('\t').append(file.key()).append('\n');
        }
        return text.toString();
    }

    /**
     * Reads the intent in {@code text}, ignoring lines that are not its own; empty when there is none. A
     * {@code take=} line that cannot be read is dropped: moving a file of an intent only ever finishes a claim.
     */
    static Optional<ClaimIntent> parse(String text) {
        Optional<String> run = Optional.empty();
        List<LandedFile> files = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(RUN)) {
                run = Optional.of(line.substring(RUN.length()));
            } else if (line.startsWith(TAKE)) {
                parseFile(line.substring(TAKE.length())).ifPresent(files::add);
            }
        }
        try {
            return run.map(r -> new ClaimIntent(r, files));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a run id: not an intent this version wrote
        }
    }

    private static Optional<LandedFile> parseFile(String fields) {
        String[] parts = fields.split("\t", 4);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            Instant lastModified = Instant.parse(parts[2]);
            BucketObject object = new BucketObject(ObjectKey.requireValid(parts[3]), Long.parseLong(parts[1]),
                    lastModified);
            return Optional.of(new LandedFile(object, parts[0], lastModified));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
