package org.ecomkpi.notify;

import java.util.Map;

/**
 * Tells people that a batch failed. Locally an error line on the log ({@link LogNotifier}); on AWS an SNS
 * topic ({@link SnsNotifier}).
 */
public interface Notifier {
    /** The environment variable naming the SNS topic for alerts. */
    String ALERT_TOPIC_ARN = "PIPELINE_ALERT_TOPIC_ARN";

    void batchFailed(BatchFailure failure);

    /**
     * The notifier an environment asks for: {@link SnsNotifier} publishing to {@value #ALERT_TOPIC_ARN} when that
     * is set (a malformed ARN is an {@link IllegalArgumentException} naming the variable), else
     * {@link LogNotifier}.
     */
    static Notifier fromEnvironment(Map<String, String> env) {
        String topicArn = env.getOrDefault(ALERT_TOPIC_ARN, "").strip();
        if (topicArn.isEmpty()) {
            return new LogNotifier();
        }
        try {
            return new SnsNotifier(SnsNotifier.clientBuilder(topicArn).build(), topicArn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ALERT_TOPIC_ARN + ": " + e.getMessage(), e);
        }
    }
}
