package org.ecomkpi.run;

/**
 * This process lost, or may have lost, the lease of a job execution it runs: another process may be running the run
 * now, so every write of this one is refused. The run goes on in the process that took it over; nothing is lost.
 */
public final class LeaseLostException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public LeaseLostException(String message) {
        super(message);
    }

    public LeaseLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
