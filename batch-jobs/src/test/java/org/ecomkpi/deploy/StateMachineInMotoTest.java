package org.ecomkpi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ecomkpi.aws.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The deployed state machine's definition run by moto's Step Functions interpreter against the stack's own bucket
 * and topic.
 *
 * <p>What moto can and cannot execute: the Pass, Wait, Choice, Map, Succeed and Fail states, the {@code aws-sdk:s3}
 * tasks (list, copy, delete) and {@code sns:publish} run for real. The two {@code ecs:runTask.sync} states cannot:
 * moto 5.2 hands Step Functions' PascalCase parameters ({@code Cluster}, {@code TaskDefinition}) to botocore
 * unchanged, which fails the state with {@code States.Runtime} ("'Cluster'") before any ECS call. Their parameters
 * are asserted on the definition instead ({@link #theEcsStatesStartTheStacksTaskDefinitionsWithTheExecutionNameAsRunId}),
 * and that failing state is how the failure path is entered here: moto's {@code Catch} on {@code States.ALL} takes it
 * like the {@code States.TaskFailed} of a job that failed on AWS. (On AWS, {@code States.ALL} does not catch
 * {@code States.Runtime}; it cannot happen there, the parameters are the documented ones.)
 *
 * <p>CloudFormation creates the state machine in moto's plain Step Functions backend, which does not execute; the
 * interpreter ({@code {"stepfunctions": {"execute_state_machine": true}}} in moto's configuration API) has its own
 * store, so the test creates a state machine there from the deployed definition and role.
 */
class StateMachineInMotoTest {
    private static final Duration EXECUTION_TIMEOUT = Duration.ofSeconds(60);

    private static Stack stack;
    private static String definition;
    private static String roleArn;
    private static String alertQueueUrl;

    /**
     * A fresh account for every test: moto 5.2's interpreter cannot start a second execution in an account and
     * region once one has run (it fails to copy the state machine: "cannot pickle '_thread.RLock' object").
     */
    @BeforeEach
    void deployAndLoadTheDefinitionIntoTheInterpreter() {
        stack = Stack.deploy("ecommerce-kpi-sfn-test");
        try (SfnClient sfn = Stack.client(SfnClient.builder()); SqsClient sqs = Stack.client(SqsClient.builder());
             SnsClient sns = Stack.client(SnsClient.builder())) {
            var deployed = sfn.describeStateMachine(b -> b.stateMachineArn(stack.output("StateMachineArn")));
            definition = deployed.definition();
            roleArn = deployed.roleArn();
            MotoServer.get().post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": true}}");

            // what the alert e-mail would say, observed through a queue subscribed to the topic
            alertQueueUrl = sqs.createQueue(b -> b.queueName("alerts-observed")).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(alertQueueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(b -> b.topicArn(stack.output("AlertTopicArn")).protocol("sqs").endpoint(queueArn));
        }
    }

    @AfterAll
    static void stopInterpreting() {
        MotoServer.get().post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": false}}");
    }

    private static String createInInterpreter(String name, String json) {
        try (SfnClient sfn = Stack.client(SfnClient.builder())) {
            return sfn.createStateMachine(b -> b.name(name).definition(json).roleArn(roleArn)).stateMachineArn();
        }
    }

    private static void put(S3Client s3, String key, String content) {
        s3.putObject(b -> b.bucket(stack.bucket).key(key), RequestBody.fromString(content));
    }

    private static String read(S3Client s3, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(stack.bucket).key(key)).asUtf8String();
    }

    private static List<String> keysUnder(S3Client s3, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(stack.bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private record Run(DescribeExecutionResponse end, List<HistoryEvent> history) {
        List<String> statesEntered() {
            List<String> names = new ArrayList<>();
            for (HistoryEvent event : history) {
                if (event.stateEnteredEventDetails() != null) {
                    names.add(event.stateEnteredEventDetails().name());
                }
            }
            return names;
        }

        List<String> taskErrors() {
            return history.stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED)
                    .map(e -> e.taskFailedEventDetails().error()).toList();
        }
    }

    private static Run execute(String machine, String name, String input) {
        try (SfnClient sfn = Stack.client(SfnClient.builder())) {
            String arn = sfn.startExecution(b -> b.stateMachineArn(machine).name(name).input(input)).executionArn();
            long deadline = System.nanoTime() + EXECUTION_TIMEOUT.toNanos();
            DescribeExecutionResponse end;
            do {
                Stack.sleep(200);
                end = sfn.describeExecution(b -> b.executionArn(arn));
            } while (end.status() == ExecutionStatus.RUNNING && System.nanoTime() < deadline);
            List<HistoryEvent> history = sfn.getExecutionHistory(b -> b.executionArn(arn)).events();
            return new Run(end, history);
        }
    }

    /** An S3 "Object Created" event as the EventBridge rule delivers it. */
    private static String objectCreated(String key) {
        return "{\"source\": \"aws.s3\", \"detail-type\": \"Object Created\", \"detail\": {\"bucket\": {\"name\": \""
                + stack.bucket + "\"}, \"object\": {\"key\": \"" + key + "\"}}}";
    }

    @Test
    void aFailedRunMovesItsClaimedBatchToInvalidDataBesideItsRejectFilesAndPublishesTheFailure() {
        try (S3Client s3 = Stack.s3(); SqsClient sqs = Stack.client(SqsClient.builder())) {
            // the batch as the validate job leaves it once claimed
            put(s3, "runs/run-failed/input/products.csv", "id,sku,cost,category,retail_price\n");
            put(s3, "runs/run-failed/input/orders/orders-001.csv", "order_id,user_id,created_at,status\n");
            put(s3, "runs/run-failed/input/order_items/order_items-001.csv", "id,order_id,product_id,sale_price\n");
            put(s3, "runs/run-failed/input/orders/2024/deeper.csv", "order_id\n");
            put(s3, "runs/another-run/input/orders/orders-009.csv", "not this run's\n");
            // the reject files of a batch that validated, before its transform task failed: same relative paths
            put(s3, "invalid-data/run-failed/orders/orders-001.csv", "order_id,_line,_rule,_message\n");
            put(s3, "invalid-data/run-failed/orders/2024/deeper.csv", "order_id,_line,_rule,_message\n");

            String machine = createInInterpreter("ecommerce-kpi-pipeline-interpreted", definition);

            Run run = execute(machine, "run-failed", objectCreated("landing-data/orders/orders-001.csv"));

            assertEquals(ExecutionStatus.FAILED, run.end().status(), run.history().toString());
            assertEquals("PipelineRunFailed", run.end().error());
            List<String> entered = run.statesEntered();
            assertEquals(List.of("NameRun", "SettleWait", "RunValidationTask", "ListBatchToArchive", "BatchToArchive",
                    "ArchiveBatch"), entered.subList(0, 6), entered.toString());
            assertEquals(List.of("ListBatchToArchive", "BatchToArchive", "NotifyFailure", "RunFailed"),
                    entered.subList(entered.size() - 4, entered.size()), "lists again until the run holds nothing");
            assertFalse(entered.contains("RunTransformationTask"), "a failed validation never transforms");
            assertEquals("States.Runtime", run.taskErrors().get(0), "moto's ECS integration, see the class comment");

            assertEquals(List.of(
                    "invalid-data/run-failed/input/order_items/order_items-001.csv",
                    "invalid-data/run-failed/input/orders/2024/deeper.csv",
                    "invalid-data/run-failed/input/orders/orders-001.csv",
                    "invalid-data/run-failed/input/products.csv",
                    "invalid-data/run-failed/orders/2024/deeper.csv",
                    "invalid-data/run-failed/orders/orders-001.csv"),
                    keysUnder(s3, "invalid-data/"));
            assertEquals("order_id,user_id,created_at,status\n", read(s3, "invalid-data/run-failed/input/orders/orders-001.csv"),
                    "copied unchanged");
            for (String rejects : List.of("orders/orders-001.csv", "orders/2024/deeper.csv")) {
                assertEquals("order_id,_line,_rule,_message\n", read(s3, "invalid-data/run-failed/" + rejects),
                        "the reject file is not overwritten by its input");
            }
            assertEquals(List.of(), keysUnder(s3, "runs/run-failed/"));
            assertEquals(List.of("runs/another-run/input/orders/orders-009.csv"), keysUnder(s3, "runs/"));

            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(alertQueueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(5)).messages();
            assertEquals(1, messages.size(), messages.toString());
            JsonNode envelope = JsonNode.parser().parse(messages.get(0).body());
            assertEquals("ecommerce-kpi pipeline run failed", envelope.field("Subject").get().asString());
            JsonNode alert = JsonNode.parser().parse(envelope.field("Message").get().asString());
            assertEquals("run-failed", alert.field("runId").get().asString());
            assertEquals("s3://" + stack.bucket + "/invalid-data/run-failed/input/",
                    alert.field("archivedTo").get().asString());
            assertEquals("States.Runtime", alert.field("error").get().asString());
            assertTrue(alert.field("execution").get().asString().endsWith(":run-failed"), alert.toString());
        }
    }

    /** The deployed definition from one of its states on, as its own state machine in the interpreter. */
    private static String startingAt(String state, String name) {
        String json = definition.replaceFirst("\"StartAt\": \"NameRun\"", "\"StartAt\": \"" + state + "\"");
        assertTrue(json.contains("\"StartAt\": \"" + state + "\""), "the definition starts at NameRun");
        return createInInterpreter(name, json);
    }

    @Test
    void aRunWhoseValidationClaimedNothingEndsWithoutTransformingOrAlerting() {
        String machine = startingAt("FindClaimedBatch", "from-find-claimed-batch");

        Run run = execute(machine, "run-empty", "{\"run\": {\"id\": \"run-empty\"}}");

        assertEquals(ExecutionStatus.SUCCEEDED, run.end().status(), run.history().toString());
        assertEquals(List.of("FindClaimedBatch", "BatchClaimed", "NothingToProcess"), run.statesEntered());
    }

    @Test
    void aRunWhoseValidationClaimedABatchGoesOnToTransform() {
        String machine = startingAt("FindClaimedBatch", "from-find-claimed-batch-2");
        try (S3Client s3 = Stack.s3()) {
            put(s3, "runs/run-claimed/input/orders/orders-001.csv", "order_id,user_id,created_at,status\n");

            Run run = execute(machine, "run-claimed", "{\"run\": {\"id\": \"run-claimed\"}}");

            List<String> entered = run.statesEntered();
            assertEquals(List.of("FindClaimedBatch", "BatchClaimed", "RunTransformationTask", "ListBatchToArchive"),
                    entered.subList(0, 4), entered.toString());
            assertEquals(List.of("invalid-data/run-claimed/input/orders/orders-001.csv"),
                    keysUnder(s3, "invalid-data/run-claimed/"));
        }
    }

    /**
     * The deployed definition from {@code FindClaimedBatch} on, with {@code RunTransformationTask} waiting 2 seconds
     * for a task token nobody sends back ({@code sqs:sendMessage.waitForTaskToken}) instead of running its ECS task:
     * moto cannot run the task (see the class comment), and this is how a state whose task outlives
     * {@code TimeoutSeconds} ends. Its catchers, and every state after it, are the deployed ones.
     */
    private static String withTransformTimingOut(String name) {
        String queue;
        try (SqsClient sqs = Stack.client(SqsClient.builder())) {
            queue = sqs.createQueue(b -> b.queueName("task-tokens-nobody-answers")).queueUrl();
        }
        int state = definition.indexOf("\"RunTransformationTask\": {");
        int end = definition.indexOf("\"RunSucceeded\": {", state);
        assertTrue(state > 0 && end > state, "the definition has RunTransformationTask before RunSucceeded");
        String transform = definition.substring(state, end);
        int parameters = transform.indexOf("\"Parameters\": {");
        int close = closingBrace(transform, transform.indexOf('{', parameters));
        String timingOut = transform.substring(0, parameters)
                + "\"Parameters\": { \"QueueUrl\": \"" + queue + "\", \"MessageBody.$\": \"$$.Task.Token\" }"
                + transform.substring(close + 1);
        timingOut = timingOut.replace("\"arn:aws:states:::ecs:runTask.sync\"",
                        "\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\"")
                .replace("\"TimeoutSeconds\": 14400", "\"TimeoutSeconds\": 2");
        assertTrue(timingOut.contains("waitForTaskToken") && timingOut.contains("\"TimeoutSeconds\": 2"), transform);
        String json = (definition.substring(0, state) + timingOut + definition.substring(end))
                .replaceFirst("\"StartAt\": \"NameRun\"", "\"StartAt\": \"FindClaimedBatch\"");
        return createInInterpreter(name, json);
    }

    private static int closingBrace(String json, int open) {
        int depth = 0;
        for (int i = open; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new AssertionError("no closing brace after position " + open + " in " + json);
    }

    @Test
    void aTimedOutTaskLeavesItsBatchWhereTheRunHoldsItAndAnnouncesTheTimeout() {
        String machine = withTransformTimingOut("transform-timing-out");
        try (S3Client s3 = Stack.s3(); SqsClient sqs = Stack.client(SqsClient.builder())) {
            put(s3, "runs/run-slow/input/orders/orders-001.csv", "order_id,user_id,created_at,status\n");
            put(s3, "runs/run-slow/input/products.csv", "id,sku,cost,category,retail_price\n");
            put(s3, "invalid-data/run-slow/orders/orders-001.csv", "order_id,_line,_rule,_message\n");

            Run run = execute(machine, "run-slow", "{\"run\": {\"id\": \"run-slow\"}}");

            assertEquals(ExecutionStatus.FAILED, run.end().status(), run.history().toString());
            assertEquals("PipelineRunTimedOut", run.end().error(), run.history().toString());
            assertEquals(List.of("FindClaimedBatch", "BatchClaimed", "RunTransformationTask", "NotifyTimeout",
                    "RunTimedOut"), run.statesEntered());
            assertTrue(run.history().stream().anyMatch(e -> e.type() == HistoryEventType.TASK_TIMED_OUT),
                    run.history().toString());
            assertEquals(List.of("runs/run-slow/input/orders/orders-001.csv", "runs/run-slow/input/products.csv"),
                    keysUnder(s3, "runs/run-slow/"), "the batch stays where the task that may still run reads it");
            assertEquals(List.of("invalid-data/run-slow/orders/orders-001.csv"), keysUnder(s3, "invalid-data/"));

            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(alertQueueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(5)).messages();
            assertEquals(1, messages.size(), messages.toString());
            JsonNode envelope = JsonNode.parser().parse(messages.get(0).body());
            assertEquals("ecommerce-kpi pipeline run timed out", envelope.field("Subject").get().asString());
            JsonNode alert = JsonNode.parser().parse(envelope.field("Message").get().asString());
            assertEquals("run-slow", alert.field("runId").get().asString());
            assertEquals("States.Timeout", alert.field("error").get().asString());
            assertEquals("s3://" + stack.bucket + "/runs/run-slow/input/", alert.field("batchLeftIn").get().asString());
        }
    }

    @Test
    void theEcsStatesStartTheStacksTaskDefinitionsWithTheExecutionNameAsRunId() {
        JsonNode states = JsonNode.parser().parse(definition).field("States").get();
        assertEquals("$$.Execution.Name", states.field("NameRun").get().field("Parameters").get().field("id.$").get()
                .asString());
        assertEquals("0", states.field("SettleWait").get().field("Seconds").get().asNumber(), "SettleSeconds=0 here");

        try (EcsClient ecs = Stack.client(EcsClient.builder())) {
            String cluster = ecs.describeClusters(b -> b.clusters("ecommerce-cluster")).clusters().get(0).clusterArn();
            Map<String, String> commands = Map.of(
                    "RunValidationTask", "States.Array('validate', '--run-id', $.run.id, '--reject-limit', '0.05')",
                    "RunTransformationTask", "States.Array('transform', '--run-id', $.run.id)");
            for (String stateName : List.of("RunValidationTask", "RunTransformationTask")) {
                JsonNode state = states.field(stateName).get();
                String family = stateName.equals("RunValidationTask") ? "validate-task" : "transform-task";
                String taskDefinition = ecs.describeTaskDefinition(b -> b.taskDefinition(family)).taskDefinition()
                        .taskDefinitionArn();
                assertEquals("arn:aws:states:::ecs:runTask.sync", state.field("Resource").get().asString());
                JsonNode parameters = state.field("Parameters").get();
                assertEquals(cluster, parameters.field("Cluster").get().asString(), stateName);
                assertEquals(taskDefinition, parameters.field("TaskDefinition").get().asString(), stateName);
                assertEquals("FARGATE", parameters.field("LaunchType").get().asString(), stateName);
                JsonNode network = parameters.field("NetworkConfiguration").get().field("AwsvpcConfiguration").get();
                assertEquals(List.of(stack.physicalId("PublicSubnetA"), stack.physicalId("PublicSubnetB")),
                        network.field("Subnets").get().asArray().stream().map(JsonNode::asString).toList());
                assertEquals(List.of(stack.physicalId("TaskSecurityGroup")),
                        network.field("SecurityGroups").get().asArray().stream().map(JsonNode::asString).toList());
                JsonNode override = parameters.field("Overrides").get().field("ContainerOverrides").get().asArray().get(0);
                assertEquals("pipeline", override.field("Name").get().asString());
                assertEquals(commands.get(stateName), override.field("Command.$").get().asString());
                assertTrue(state.field("ResultPath").get().isNull(), "the task description is not kept");

                List<JsonNode> retriers = state.field("Retry").get().asArray();
                assertEquals(List.of("ECS.AmazonECSException", "ECS.ThrottlingException", "AmazonECS.Unknown"),
                        strings(retriers.get(0).field("ErrorEquals").get()));
                assertEquals(List.of("States.TaskFailed"), strings(retriers.get(1).field("ErrorEquals").get()));
                for (JsonNode retrier : retriers) {
                    assertEquals("2.0", retrier.field("BackoffRate").get().asNumber(), "exponential backoff");
                    assertEquals("FULL", retrier.field("JitterStrategy").get().asString());
                }
                // a timed-out task may still be running: never retried (a second task beside it) nor archived
                List<JsonNode> catchers = state.field("Catch").get().asArray();
                assertEquals(List.of("States.Timeout"), strings(catchers.get(0).field("ErrorEquals").get()));
                assertEquals("NotifyTimeout", catchers.get(0).field("Next").get().asString());
                assertEquals(List.of("States.ALL"), strings(catchers.get(1).field("ErrorEquals").get()));
                assertEquals("ListBatchToArchive", catchers.get(1).field("Next").get().asString());
                for (JsonNode retrier : retriers) {
                    List<String> errors = strings(retrier.field("ErrorEquals").get());
                    assertFalse(errors.contains("States.Timeout") || errors.contains("States.ALL"), errors.toString());
                }
            }
        }
        assertEquals("FindClaimedBatch", states.field("RunValidationTask").get().field("Next").get().asString());
        assertEquals("RunSucceeded", states.field("RunTransformationTask").get().field("Next").get().asString());
    }

    private static List<String> strings(JsonNode array) {
        return array.asArray().stream().map(JsonNode::asString).toList();
    }
}
