package org.ecomkpi.notify;

import java.util.Map;

import org.ecomkpi.aws.AwsClients;

import software.amazon.awssdk.regions.Region;

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
     * is set (a malformed ARN is an {@link IllegalArgumentException} naming the variable), through the SNS client of
     * this process ({@link AwsClients#ofProcess()}) for the topic's region; else {@link LogNotifier}.
     */
    static Notifier fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, AwsClients.ofProcess());
    }

    /** As {@link #fromEnvironment(Map)}, publishing through {@code clients}' SNS client, which stays theirs. */
    static Notifier fromEnvironment(Map<String, String> env, AwsClients clients) {
        String topicArn = env.getOrDefault(ALERT_TOPIC_ARN, "").strip();
        if (topicArn.isEmpty()) {
            return new LogNotifier();
        }
        Region region;
        try {
            region = SnsNotifier.regionOf(topicArn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ALERT_TOPIC_ARN + ": " + e.getMessage(), e);
        }
        return new SnsNotifier(clients.sns(region), topicArn);
    }
}
