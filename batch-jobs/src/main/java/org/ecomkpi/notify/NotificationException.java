package org.ecomkpi.notify;

/** An alert that could not be delivered (the notification service refused it or could not be reached). */
public class NotificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
