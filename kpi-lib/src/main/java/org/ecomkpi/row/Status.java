package org.ecomkpi.row;

import java.util.Optional;

/** Order and item statuses, case-insensitive in files. */
public enum Status {
    PROCESSING, SHIPPED, DELIVERED, COMPLETE, CANCELLED, RETURNED;

    private static final Status[] VALUES = values();

    /** Parses a status in any letter case; empty when the text is none of the known statuses. */
    public static Optional<Status> parse(String text) {
        String trimmed = text.trim();
        for (Status status : VALUES) {
            if (status.name().equalsIgnoreCase(trimmed)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** The lower-case spelling used in files and reports. */
    public String spelling() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
