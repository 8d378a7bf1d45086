package org.ecomkpi.jberet;

/**
 * A launcher's claim on deciding about a run expired before it started an execution, and another launcher claimed the
 * run meanwhile: the start is refused, so one run is never started twice. The launcher looks at the run again.
 */
public final class LaunchClaimLostException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public LaunchClaimLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
