package org.ecomkpi.jberet;

/**
 * The launcher refused what was asked of a run because of the state its job repository shows: an abandoned run is
 * never started or restarted again, and only a run that is not running and not completed can be abandoned.
 */
public final class RunRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunRefusedException(String message) {
        super(message);
    }
}
