package org.ecomkpi.cli;

import java.util.Objects;

/**
 * A command ended without doing what was asked, for a reason the user can act on. {@link FailureReport} prints
 * it as one line on stderr: what went wrong and where, then the hint.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    private final String hint;

    CommandFailure(ExitCode exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    CommandFailure(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
        this.hint = Objects.requireNonNull(hint, "hint");
    }

    ExitCode exitCode() {
        return exitCode;
    }

    /** What to try next; empty when there is nothing useful to say. */
    String hint() {
        return hint;
    }
}
