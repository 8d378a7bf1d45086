package org.ecomkpi.notify;

/**
 * Tells people that a batch failed. Locally an error line on the log ({@link LogNotifier}); on AWS an SNS
 * topic.
 */
public interface Notifier {
    void batchFailed(BatchFailure failure);
}
