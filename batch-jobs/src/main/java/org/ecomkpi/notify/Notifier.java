package org.ecomkpi.notify;

import java.util.Optional;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.settings.PipelineSettings;

import software.amazon.awssdk.regions.Region;

/**
 * Tells people that a batch failed. Locally an error line on the log ({@link LogNotifier}); on AWS an SNS
 * topic ({@link SnsNotifier}).
 */
public interface Notifier {
    /** The environment variable naming the SNS topic for alerts. */
    String ALERT_TOPIC_ARN = PipelineSettings.ALERT_TOPIC_ARN;

    void batchFailed(BatchFailure failure);

    /**
     * The notifier the settings ask for: {@link SnsNotifier} publishing to {@code topicArn}
     * ({@link PipelineSettings#alertTopicArn()}, from {@value #ALERT_TOPIC_ARN}) when there is one, through
     * {@code clients}' SNS client for the topic's region, which stays theirs; else {@link LogNotifier}. A malformed ARN
     * is an {@link IllegalArgumentException} naming the variable.
     *
     * <pre>{@code
     * Notifier.of(PipelineSettings.ofProcess().alertTopicArn(), AwsClients.ofProcess()).batchFailed(failure);
     * }</pre>
     */
    static Notifier of(Optional<String> topicArn, AwsClients clients) {
        String topic = topicArn.map(String::strip).orElse("");
        if (topic.isEmpty()) {
            return new LogNotifier();
        }
        Region region;
        try {
            region = SnsNotifier.regionOf(topic);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ALERT_TOPIC_ARN + ": " + e.getMessage(), e);
        }
        return new SnsNotifier(clients.sns(region), topic);
    }
}
