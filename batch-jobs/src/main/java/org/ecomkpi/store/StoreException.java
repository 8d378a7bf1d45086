package org.ecomkpi.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A store operation that failed for a reason outside the caller's control (database unreachable, disk full,
 * retries exhausted). The message names the store and what was being done. The command line reports it as
 * an infrastructure failure.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String hint;

    public StoreException(String message, Throwable cause) {
        this(message, "", cause);
    }

    public StoreException(String message) {
        this(message, "", null);
    }

    /** A failure whose fix the store knows better than the caller: {@code hint} says what to do. */
    public StoreException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = Objects.requireNonNull(hint, "hint");
    }

    /** What to do about it, when the store knows; empty otherwise. */
    public Optional<String> hint() {
        return hint.isEmpty() ? Optional.empty() : Optional.of(hint);
    }
}
