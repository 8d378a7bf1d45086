package org.ecomkpi.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.aws.AwsSettings;
import org.ecomkpi.settings.PipelineSettings;
import org.ecomkpi.aws.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Alerts published to an SNS topic in moto, read back from an SQS queue subscribed to it. */
class SnsNotifierTest {
    private static final MotoServer MOTO = MotoServer.get();
    private static final String TOPIC = "pipeline-alerts-" + ProcessHandle.current().pid();
    private static final SnsClient SNS = AwsClients.snsBuilder(Region.US_EAST_1)
            .endpointOverride(MOTO.endpoint()).credentialsProvider(MotoServer.CREDENTIALS).build();
    private static final SqsClient SQS = SqsClient.builder().endpointOverride(MOTO.endpoint())
            .region(MotoServer.REGION).credentialsProvider(MotoServer.CREDENTIALS).build();

    private static final BatchFailure FAILURE = new BatchFailure("run-2025-03-30.1", "REJECT_RATIO",
            "order_items: 7.5 % of rows rejected, above the 5 % limit",
            Map.of("BAD_NUMBER", 12L, "UNKNOWN_ORDER", 3L), "s3://drops/invalid-data/run-2025-03-30.1/");

    @AfterAll
    static void closeClients() {
        SNS.close();
        SQS.close();
    }

    @Test
    void aFailedBatchIsPublishedWithRunReasonCountsAndArchive() {
        String topicArn = SNS.createTopic(r -> r.name(TOPIC)).topicArn();
        String queueUrl = subscribedQueue(topicArn, "alerts-envelope", false);

        new SnsNotifier(SNS, topicArn).batchFailed(FAILURE);

        JsonNode envelope = JsonNode.parser().parse(receiveOne(queueUrl).body());
        assertEquals("KPI pipeline: batch run-2025-03-30.1 rejected (REJECT_RATIO)", text(envelope, "Subject"));
        JsonNode message = JsonNode.parser().parse(text(envelope, "Message"));
        assertEquals("BATCH_REJECTED", text(message, "event"));
        assertEquals("run-2025-03-30.1", text(message, "runId"));
        assertEquals("REJECT_RATIO", text(message, "reason"));
        assertEquals("order_items: 7.5 % of rows rejected, above the 5 % limit", text(message, "message"));
        assertEquals("12", message.field("rejectsByRule").orElseThrow().field("BAD_NUMBER").orElseThrow().asNumber());
        assertEquals("3", message.field("rejectsByRule").orElseThrow().field("UNKNOWN_ORDER").orElseThrow().asNumber());
        assertEquals("15", message.field("rejectedRows").orElseThrow().asNumber());
        assertEquals("s3://drops/invalid-data/run-2025-03-30.1/", text(message, "archive"));
        JsonNode attributes = envelope.field("MessageAttributes").orElseThrow();
        assertEquals("run-2025-03-30.1", text(attributes.field("runId").orElseThrow(), "Value"));
    }

    @Test
    void aSubscriptionWithRawDeliveryReceivesTheJsonMessageItself() {
        String topicArn = SNS.createTopic(r -> r.name(TOPIC)).topicArn();
        String queueUrl = subscribedQueue(topicArn, "alerts-raw", true);

        new SnsNotifier(SNS, topicArn).batchFailed(FAILURE);

        assertEquals(SnsNotifier.message(FAILURE), receiveOne(queueUrl).body());
    }

    @Test
    void aPublishThatFailsNamesTheRunAndTopicButNotTheAccount() {
        SnsNotifier notifier = new SnsNotifier(SNS, "arn:aws:sns:us-east-1:123456789012:no-such-topic");

        NotificationException failed = assertThrows(NotificationException.class, () -> notifier.batchFailed(FAILURE));

        assertTrue(failed.getMessage().contains("run-2025-03-30.1"), failed.getMessage());
        assertTrue(failed.getMessage().contains("no-such-topic"), failed.getMessage());
        assertFalse(failed.getMessage().contains("123456789012"), failed.getMessage());
    }

    @Test
    void theSubjectStaysWithinWhatSnsAccepts() {
        BatchFailure odd = new BatchFailure("r1", "SCHEMA\nERROR é " + "x".repeat(200), "m", Map.of(), "a");

        String subject = SnsNotifier.subject(odd);

        assertEquals(100, subject.length());
        assertTrue(subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f), subject);
    }

    @Test
    void theSettingsChooseSnsWhenAnAlertTopicIsSetAndTheLogOtherwise() {
        String arn = "arn:aws:sns:eu-west-1:123456789012:pipeline-alerts";

        try (AwsClients clients = new AwsClients(AwsSettings.sdkDefaults())) {
            Notifier sns = Notifier.of(alertTopic(Map.of(Notifier.ALERT_TOPIC_ARN, arn)), clients);

            assertEquals(arn, assertInstanceOf(SnsNotifier.class, sns).topicArn());
            assertEquals(Map.of("sns-eu-west-1", 1), clients.builds());
            assertInstanceOf(LogNotifier.class, Notifier.of(alertTopic(Map.of()), clients));
            assertInstanceOf(LogNotifier.class, Notifier.of(alertTopic(Map.of(Notifier.ALERT_TOPIC_ARN, " ")), clients));
        }
    }

    private static java.util.Optional<String> alertTopic(Map<String, String> environment) {
        return PipelineSettings.parse(environment).alertTopicArn();
    }

    @Test
    void aMalformedAlertTopicIsRefusedNamingTheVariable() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Notifier.of(alertTopic(Map.of(Notifier.ALERT_TOPIC_ARN, "pipeline-alerts")),
                        new AwsClients(AwsSettings.sdkDefaults())));

        assertTrue(refused.getMessage().contains(Notifier.ALERT_TOPIC_ARN), refused.getMessage());
        assertTrue(refused.getMessage().contains("pipeline-alerts"), refused.getMessage());
    }

    private static String subscribedQueue(String topicArn, String name, boolean raw) {
        String queueUrl = SQS.createQueue(r -> r.queueName(name + "-" + ProcessHandle.current().pid())).queueUrl();
        String queueArn = SQS.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        SNS.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                .attributes(raw ? Map.of("RawMessageDelivery", "true") : Map.of()));
        return queueUrl;
    }

    private static Message receiveOne(String queueUrl) {
        List<Message> messages = SQS.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(5)
                .maxNumberOfMessages(10)).messages();
        assertEquals(1, messages.size(), "one alert on the queue");
        return messages.get(0);
    }

    private static String text(JsonNode object, String field) {
        return object.field(field).orElseThrow(() -> new AssertionError("no field " + field + " in " + object))
                .asString();
    }
}
