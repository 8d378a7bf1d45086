package org.ecomkpi.store;

/**
 * A store operation that failed for a reason outside the caller's control (database unreachable, disk full,
 * retries exhausted). The message names the store and what was being done. The command line reports it as
 * an infrastructure failure.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
