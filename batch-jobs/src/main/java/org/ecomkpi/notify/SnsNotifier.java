package org.ecomkpi.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.run.JsonText;
import org.ecomkpi.run.RunLog;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes a failed batch to an SNS topic: a short subject ({@code KPI pipeline: batch <runId> rejected
 * (<reason>)}) and a JSON message with the run id, reason, message, reject counts per rule and the archive
 * location, e.g.
 * <pre>{@code
 * {"event":"BATCH_REJECTED","runId":"r-42","reason":"REJECT_RATIO","message":"...",
 *  "rejectsByRule":{"BAD_NUMBER":12},"rejectedRows":12,"archive":"s3://drops/invalid-data/r-42/"}
 * }</pre>
 * The run id and reason also go as message attributes, so subscriptions can filter on them. A publish that
 * still fails after the client's retries ({@link AwsClients#snsBuilder}) throws {@link NotificationException}: the step fails and its retry
 * notifies again (at least once beats never).
 */
public final class SnsNotifier implements Notifier {
    private static final Pattern TOPIC_ARN =
            Pattern.compile("arn:aws[a-z-]*:sns:([a-z0-9-]+):[0-9]{12}:([A-Za-z0-9_-]{1,256}(\\.fifo)?)");
    private static final Pattern ACCOUNT_ID = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");
    private static final int MAX_SUBJECT = 100;

    private final SnsClient sns;
    private final String topicArn;
    private final String topicName;

    /** Publishes to {@code topicArn} through {@code sns}, which the caller owns. */
    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicName = parseTopicArn(topicArn).group(2);
        this.topicArn = topicArn;
    }

    /** The region of an SNS topic's ARN; a malformed ARN is an {@link IllegalArgumentException} naming it. */
    public static Region regionOf(String topicArn) {
        return Region.of(parseTopicArn(topicArn).group(1));
    }

    /** The topic this notifier publishes to. */
    public String topicArn() {
        return topicArn;
    }

    @Override
    public void batchFailed(BatchFailure failure) {
        String messageId;
        try {
            messageId = sns.publish(r -> r.topicArn(topicArn)
                    .subject(subject(failure))
                    .message(message(failure))
                    .messageAttributes(Map.of(
                            "runId", stringAttribute(failure.runId()),
                            "reason", stringAttribute(failure.reason())))).messageId();
        } catch (SdkException e) {
            // AWS error texts can quote ARNs (an AuthorizationError names the caller's role); keep account ids out
            String detail = ACCOUNT_ID.matcher(String.valueOf(e.getMessage())).replaceAll("<account>");
            throw new NotificationException("cannot publish the failure of run " + failure.runId()
                    + " to SNS topic " + topicName + ": " + detail, e);
        }
        // the topic's name only: its ARN carries the account id, which logs need not spread
        RunLog.info(failure.runId(), "validate", "alert", "batch failure published",
                Map.of("topic", topicName, "messageId", messageId));
    }

    /** The subject line: SNS wants printable ASCII without line breaks, at most 100 characters. */
    static String subject(BatchFailure failure) {
        String text = "KPI pipeline: batch " + failure.runId() + " rejected (" + failure.reason() + ")";
        StringBuilder subject = new StringBuilder(Math.min(text.length(), MAX_SUBJECT));
        for (int i = 0; i < text.length() && subject.length() < MAX_SUBJECT; i++) {
            char c = text.charAt(i);
            subject.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return subject.toString();
    }

    /** The JSON message body. */
    static String message(BatchFailure failure) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", "BATCH_REJECTED");
        json.put("runId", failure.runId());
        json.put("reason", failure.reason());
        json.put("message", failure.message());
        json.put("rejectsByRule", new TreeMap<>(failure.rejectsByRule()));
        json.put("rejectedRows", failure.rejectsByRule().values().stream().mapToLong(Long::longValue).sum());
        json.put("archive", failure.archive());
        return JsonText.of(json);
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static Matcher parseTopicArn(String topicArn) {
        Objects.requireNonNull(topicArn, "topicArn");
        Matcher matcher = TOPIC_ARN.matcher(topicArn);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + topicArn + "' is not an SNS topic ARN "
                    + "(arn:aws:sns:<region>:<account>:<topic>)");
        }
        return matcher;
    }
}
