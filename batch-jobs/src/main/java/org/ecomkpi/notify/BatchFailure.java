package org.ecomkpi.notify;

import java.util.Map;
import java.util.Objects;

/**
 * What an alert about a failed batch says: which run, why, the reject counts per rule, and where the batch
 * was archived.
 */
public record BatchFailure(String runId, String reason, String message, Map<String, Long> rejectsByRule,
        String archive) {
    public BatchFailure {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        rejectsByRule = Map.copyOf(rejectsByRule);
        Objects.requireNonNull(archive, "archive");
    }
}
