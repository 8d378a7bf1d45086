package org.ecomkpi.logging;

/** A failure and its causes told in one line, for a person: the stack trace is for {@code --verbose}. */
public final class Causes {
    private Causes() {
    }

    /**
     * The messages of {@code failure} and its causes, joined with ": ", each left out when the one before already
     * says it (a wrapper often repeats its cause's message); a cause without a message is named by its class.
     */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        String last = null;
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            String message = t.getMessage();
            if (message == null || message.isBlank()) {
                message = t.getClass().getSimpleName();
            }
            if (last == null) {
                text.append(message);
            } else if (!last.contains(message)) {
                text.append(": ").append(message);
            }
            last = message;
        }
        return text.toString();
    }
}
