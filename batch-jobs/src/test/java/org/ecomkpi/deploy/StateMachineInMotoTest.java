package org.ecomkpi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.cli.Cli;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.store.DynamoDbKpiStore;
import org.ecomkpi.store.DynamoDbTables;
import org.ecomkpi.store.RunContribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.iam.IamClient;
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
 * The deployed state machine's definition run by moto's Step Functions interpreter against the stack's own bucket,
 * tables and topic.
 *
 * <p>What moto can and cannot execute: the Pass, Wait, Choice, Succeed and Fail states, the {@code aws-sdk:s3}
 * listing tasks, {@code sns:publish} and {@code sqs:sendMessage.waitForTaskToken} run for real. The three
 * {@code ecs:runTask.sync} states cannot: moto 5.2 hands Step Functions' PascalCase parameters ({@code Cluster},
 * {@code TaskDefinition}) to botocore unchanged, which fails the state with {@code States.Runtime} ("'Cluster'")
 * before any ECS call. Their parameters are asserted on the definition instead
 * ({@link #theEcsStatesRunTheStacksTaskDefinitionsWithTheExecutionNameAsRunId}), and that failing state is how the
 * failure path is entered here: moto's {@code Catch} on {@code States.ALL} takes it like the
 * {@code States.TaskFailed} of a job that failed on AWS. (On AWS, {@code States.ALL} does not catch
 * {@code States.Runtime}; it cannot happen there, the parameters are the documented ones.)
 *
 * <p>The failure path's own task, {@code ArchiveFailedRun}, is where the batch moves, so the tests stand in for ECS
 * there ({@link #withArchiveTaskAnsweredByTheTest}): the state sends the container command it builds, with a task
 * token, to a queue; the test runs exactly that command with the pipeline's CLI ({@link Cli}), with the environment
 * of the task definition the state names, against moto's S3 and DynamoDB, and answers the token as
 * {@code runTask.sync} would: success on exit 0, {@code States.TaskFailed} otherwise. The state's retriers, catchers
 * and every other state are the deployed ones. Not covered here: the task role override (moto enforces no IAM;
 * {@code StackInMotoTest} checks the role's statements), the network and Fargate, and S3's own copy-source decoding
 * (moto's server decodes what the SDK encodes; {@code BucketContract} pins the names down against both buckets).
 *
 * <p>CloudFormation creates the state machine in moto's plain Step Functions backend, which does not execute; the
 * interpreter ({@code {"stepfunctions": {"execute_state_machine": true}}} in moto's configuration API) has its own
 * store, so the test creates a state machine there from the deployed definition and role.
 */
class StateMachineInMotoTest {
    private static final Duration EXECUTION_TIMEOUT = Duration.ofSeconds(90);
    /** Names a copy source must URL-encode on S3: a space, {@code %}, {@code +}, an apostrophe, non-ASCII letters. */
    private static final List<String> AWKWARD_NAMES = List.of("order_items/a+b %20 ü–ñ.csv", "orders/2024/deeper.csv",
            "orders/jour d'été 100%+.csv", "products/catalogue 1+1 é.csv");

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
        return execute(machine, name, input, null);
    }

    /** Runs an execution to its end; while it runs, {@code ecs} (when given) answers the archive tasks it starts. */
    private static Run execute(String machine, String name, String input, EcsStandIn ecs) {
        try (SfnClient sfn = Stack.client(SfnClient.builder()); SqsClient sqs = Stack.client(SqsClient.builder())) {
            String arn = sfn.startExecution(b -> b.stateMachineArn(machine).name(name).input(input)).executionArn();
            long deadline = System.nanoTime() + EXECUTION_TIMEOUT.toNanos();
            DescribeExecutionResponse end;
            do {
                if (ecs == null) {
                    Stack.sleep(200);
                } else {
                    ecs.answer(sfn, sqs);
                }
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

    /** The alerts published to the topic, as the subscribed queue received them: subject and parsed message. */
    private static List<JsonNode> alerts(SqsClient sqs) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(alertQueueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(5)).messages();
        return messages.stream().map(m -> JsonNode.parser().parse(m.body())).toList();
    }

    private static String subject(JsonNode envelope) {
        return envelope.field("Subject").get().asString();
    }

    private static JsonNode message(JsonNode envelope) {
        return JsonNode.parser().parse(envelope.field("Message").get().asString());
    }

    private static JsonNode states() {
        return JsonNode.parser().parse(definition).field("States").get();
    }

    /**
     * Stands in for ECS under {@code ArchiveFailedRun}: takes the container command and task token the state sent to
     * its queue, runs the command with the pipeline's CLI ({@link Cli}) with the environment of the task definition
     * the state names, and answers the token as {@code ecs:runTask.sync} reports a stopped task: success on exit 0,
     * a failure otherwise. ECS's failure is {@code States.TaskFailed}, a name moto refuses from
     * {@code SendTaskFailure} (custom errors may not start with {@code States.}), so the stand-in fails the task with
     * {@link #TASK_FAILED} and the state's {@code States.TaskFailed} retrier is widened to it.
     */
    private static final class EcsStandIn {
        static final String TASK_FAILED = "StandIn.TaskFailed";

        private final String queueUrl;
        private final Map<String, String> environment;
        final List<List<String>> commands = new ArrayList<>();
        final List<Cli> results = new ArrayList<>();

        EcsStandIn(String queueUrl, Map<String, String> environment) {
            this.queueUrl = queueUrl;
            this.environment = environment;
        }

        void answer(SfnClient sfn, SqsClient sqs) {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                JsonNode task = JsonNode.parser().parse(message.body());
                List<String> command = strings(task.field("command").get());
                String token = task.field("token").get().asString();
                Cli result = Cli.runWith(environment, command.toArray(String[]::new));
                commands.add(command);
                results.add(result);
                if (result.exitCode() == 0) {
                    sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}"));
                } else {
                    sfn.sendTaskFailure(b -> b.taskToken(token).error(TASK_FAILED)
                            .cause("Essential container in task exited (exit code " + result.exitCode() + ")"));
                }
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private record StandInMachine(String arn, EcsStandIn ecs) {
    }

    /**
     * The deployed definition from {@code startAt} on, with {@code ArchiveFailedRun} sending the container command it
     * builds ({@code command}, the deployed {@code Command.$}) and its task token to a queue the {@link EcsStandIn}
     * reads, instead of running its ECS task. With {@code quickRetries} its {@code States.TaskFailed} retrier waits
     * 1 s instead of 30 s.
     */
    private static StandInMachine withArchiveTaskAnsweredByTheTest(String name, String startAt, boolean quickRetries) {
        JsonNode archive = states().field("ArchiveFailedRun").get();
        JsonNode parameters = archive.field("Parameters").get();
        String command = parameters.field("Overrides").get().field("ContainerOverrides").get().asArray().get(0)
                .field("Command.$").get().asString();
        String queue;
        try (SqsClient sqs = Stack.client(SqsClient.builder())) {
            queue = sqs.createQueue(b -> b.queueName("archive-tasks")).queueUrl();
        }
        Map<String, String> environment = new HashMap<>();
        try (EcsClient ecs = Stack.client(EcsClient.builder())) {
            for (KeyValuePair pair : ecs.describeTaskDefinition(b -> b.taskDefinition(parameters.field("TaskDefinition")
                    .get().asString())).taskDefinition().containerDefinitions().get(0).environment()) {
                environment.put(pair.name(), pair.value());
            }
        }
        environment.putAll(MotoServer.get().environment()); // what ECS gives a task: credentials and, here, moto
        Map<String, String> changes = new HashMap<>();
        changes.put("\"ErrorEquals\": [\"States.TaskFailed\"]",
                "\"ErrorEquals\": [\"States.TaskFailed\", \"" + EcsStandIn.TASK_FAILED + "\"]");
        if (quickRetries) {
            changes.put("\"IntervalSeconds\": 30", "\"IntervalSeconds\": 1");
        }
        String json = replacingTask(definition, "ArchiveFailedRun", queue,
                "\"MessageBody\": { \"command.$\": \"" + command + "\", \"token.$\": \"$$.Task.Token\" }", changes);
        return new StandInMachine(createInInterpreter(name, startingAt(json, startAt)), new EcsStandIn(queue,
                environment));
    }

    /**
     * {@code json} with the ECS task state {@code state} sending a message ({@code messageBody}: its
     * {@code MessageBody} field) to {@code queue} and waiting for its task token
     * ({@code sqs:sendMessage.waitForTaskToken}) instead of running its task; {@code changes} are replaced in that
     * state's text. Its retriers, catchers and every other state stay as deployed.
     */
    private static String replacingTask(String json, String state, String queue, String messageBody,
            Map<String, String> changes) {
        int start = json.indexOf("\"" + state + "\": {");
        assertTrue(start > 0, "the definition has " + state);
        int end = closingBrace(json, json.indexOf('{', start)) + 1;
        String task = json.substring(start, end);
        int parameters = task.indexOf("\"Parameters\": {");
        int close = closingBrace(task, task.indexOf('{', parameters));
        String waiting = task.substring(0, parameters)
                + "\"Parameters\": { \"QueueUrl\": \"" + queue + "\", " + messageBody + " }"
                + task.substring(close + 1);
        waiting = waiting.replace("\"arn:aws:states:::ecs:runTask.sync\"",
                "\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\"");
        for (Map.Entry<String, String> change : changes.entrySet()) {
            assertTrue(waiting.contains(change.getKey()), state + " has " + change.getKey() + ": " + task);
            waiting = waiting.replace(change.getKey(), change.getValue());
        }
        assertTrue(waiting.contains("waitForTaskToken"), task);
        return json.substring(0, start) + waiting + json.substring(end);
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

    /** {@code json} starting at {@code state} instead of {@code NameRun}. */
    private static String startingAt(String json, String state) {
        String started = json.replaceFirst("\"StartAt\": \"NameRun\"", "\"StartAt\": \"" + state + "\"");
        assertTrue(started.contains("\"StartAt\": \"" + state + "\""), "the definition starts at NameRun");
        return started;
    }

    @Test
    void aFailedRunMovesItsBatchUnderItsExactNamesToInvalidDataBesideItsRejectFilesAndPublishesTheFailure() {
        StandInMachine machine = withArchiveTaskAnsweredByTheTest("ecommerce-kpi-pipeline-interpreted", "NameRun",
                false);
        try (S3Client s3 = Stack.s3(); SqsClient sqs = Stack.client(SqsClient.builder())) {
            // the batch as the validate job leaves it once claimed and validated
            for (String name : AWKWARD_NAMES) {
                put(s3, "runs/run-failed/input/" + name, "content of " + name);
            }
            put(s3, "runs/run-failed/outcome.properties", "format=1\nstatus=VALIDATED\n");
            put(s3, "runs/another-run/input/orders/jour d'été 100%+.csv", "not this run's\n");
            // the reject files of a batch that validated, before a task failed: same relative paths
            put(s3, "invalid-data/run-failed/orders/jour d'été 100%+.csv", "order_id,_line,_rule,_message\n");
            put(s3, "invalid-data/run-failed/orders/2024/deeper.csv", "order_id,_line,_rule,_message\n");

            Run run = execute(machine.arn(), "run-failed", objectCreated("landing-data/orders/orders-001.csv"),
                    machine.ecs());

            assertEquals(ExecutionStatus.FAILED, run.end().status(), run.history().toString());
            assertEquals("PipelineRunFailed", run.end().error());
            assertEquals(List.of("NameRun", "SettleWait", "RunValidationTask", "FindBatchToArchive", "BatchToArchive",
                    "ArchiveFailedRun", "NotifyFailure", "RunFailed"), run.statesEntered());
            assertEquals("States.Runtime", run.taskErrors().get(0), "moto's ECS integration, see the class comment");
            assertEquals(List.of(List.of("archive-failed", "--run-id", "run-failed")), machine.ecs().commands,
                    "the archive task ran once, with the execution's name as run id");
            assertEquals(0, machine.ecs().results.get(0).exitCode(), machine.ecs().results.get(0).output());

            assertEquals(List.of(
                    "invalid-data/run-failed/input/order_items/a+b %20 ü–ñ.csv",
                    "invalid-data/run-failed/input/orders/2024/deeper.csv",
                    "invalid-data/run-failed/input/orders/jour d'été 100%+.csv",
                    "invalid-data/run-failed/input/products/catalogue 1+1 é.csv",
                    "invalid-data/run-failed/orders/2024/deeper.csv",
                    "invalid-data/run-failed/orders/jour d'été 100%+.csv"),
                    keysUnder(s3, "invalid-data/"));
            for (String name : AWKWARD_NAMES) {
                assertEquals("content of " + name, read(s3, "invalid-data/run-failed/input/" + name),
                        "moved unchanged under its exact name");
            }
            for (String rejects : List.of("orders/jour d'été 100%+.csv", "orders/2024/deeper.csv")) {
                assertEquals("order_id,_line,_rule,_message\n", read(s3, "invalid-data/run-failed/" + rejects),
                        "the reject file is not overwritten by its input");
            }
            assertEquals(List.of("runs/run-failed/outcome.properties"), keysUnder(s3, "runs/run-failed/"));
            assertTrue(read(s3, "runs/run-failed/outcome.properties").contains("status=FAILED"));
            assertEquals(List.of("runs/another-run/input/orders/jour d'été 100%+.csv"), keysUnder(s3, "runs/another-run/"));

            List<JsonNode> alerts = alerts(sqs);
            assertEquals(1, alerts.size(), alerts.toString());
            assertEquals("ecommerce-kpi pipeline run failed", subject(alerts.get(0)));
            JsonNode alert = message(alerts.get(0));
            assertEquals("run-failed", alert.field("runId").get().asString());
            assertEquals("s3://" + stack.bucket + "/invalid-data/run-failed/input/",
                    alert.field("archivedTo").get().asString());
            assertEquals("States.Runtime", alert.field("error").get().asString());
            assertTrue(alert.field("execution").get().asString().endsWith(":run-failed"), alert.toString());
        }
    }

    @Test
    void aRunWhoseKpisWereAppliedIsNotArchivedAndTheAlertSaysWhereItsBatchWasLeft() {
        StandInMachine machine = withArchiveTaskAnsweredByTheTest("from-find-claimed-batch-applied",
                "FindClaimedBatch", true);
        try (S3Client s3 = Stack.s3(); SqsClient sqs = Stack.client(SqsClient.builder());
             DynamoDbClient dynamo = Stack.client(DynamoDbClient.builder());
             DynamoDbKpiStore store = new DynamoDbKpiStore(dynamo, DynamoDbTables.fromEnvironment(machine.ecs().environment))) {
            // the transform task merged the run into the stack's tables, then failed before archiving to processed/
            put(s3, "runs/run-merged/input/orders/jour d'été 100%+.csv", "order_id,user_id,created_at,status\n");
            put(s3, "runs/run-merged/outcome.properties", "format=1\nstatus=VALIDATED\n");
            assertTrue(store.applyRun(RunContribution.ofVersions("run-merged", new VersionBatch())));

            Run run = execute(machine.arn(), "run-merged", "{\"run\": {\"id\": \"run-merged\"}}", machine.ecs());

            assertEquals(ExecutionStatus.FAILED, run.end().status(), run.history().toString());
            assertEquals("PipelineRunFailed", run.end().error(), run.end().cause());
            List<String> entered = run.statesEntered();
            assertEquals(List.of("FindClaimedBatch", "BatchClaimed", "RunTransformationTask", "FindBatchToArchive",
                    "BatchToArchive", "ArchiveFailedRun"), entered.subList(0, 6), entered.toString());
            assertEquals(List.of("NotifyFailureNotArchived", "RunFailedNotArchived"),
                    entered.subList(entered.size() - 2, entered.size()), entered.toString());
            // retried (moto's interpreter stops short of AWS's count of attempts; the retrier is asserted on the
            // definition), and every attempt refused the run alike
            assertTrue(machine.ecs().commands.size() >= 2, "the archive task was retried: " + machine.ecs().commands);
            for (Cli refused : machine.ecs().results) {
                assertEquals(2, refused.exitCode(), refused.output());
                assertTrue(refused.output().contains("run run-merged was applied to the KPIs"), refused.output());
            }
            assertEquals(List.of("runs/run-merged/input/orders/jour d'été 100%+.csv"),
                    keysUnder(s3, "runs/run-merged/input/"), "an applied run's batch is not invalid data");
            assertEquals(List.of(), keysUnder(s3, "invalid-data/"));

            List<JsonNode> alerts = alerts(sqs);
            assertEquals(1, alerts.size(), alerts.toString());
            assertEquals("ecommerce-kpi pipeline run failed, batch not archived", subject(alerts.get(0)));
            JsonNode alert = message(alerts.get(0));
            assertEquals("run-merged", alert.field("runId").get().asString());
            assertEquals("States.Runtime", alert.field("error").get().asString());
            assertEquals(EcsStandIn.TASK_FAILED, alert.field("archiveError").get().asString());
            assertEquals("s3://" + stack.bucket + "/runs/run-merged/input/", alert.field("batchLeftIn").get().asString());
            assertFalse(alert.field("archivedTo").isPresent(), alert.toString());
        }
    }

    @Test
    void aRunWhoseValidationClaimedNothingEndsWithoutTransformingOrAlerting() {
        String machine = createInInterpreter("from-find-claimed-batch", startingAt(definition, "FindClaimedBatch"));

        Run run = execute(machine, "run-empty", "{\"run\": {\"id\": \"run-empty\"}}");

        assertEquals(ExecutionStatus.SUCCEEDED, run.end().status(), run.history().toString());
        assertEquals(List.of("FindClaimedBatch", "BatchClaimed", "NothingToProcess"), run.statesEntered());
    }

    @Test
    void aRunWhoseValidationClaimedABatchGoesOnToTransform() {
        String machine = createInInterpreter("from-find-claimed-batch-2", startingAt(definition, "FindClaimedBatch"));
        try (S3Client s3 = Stack.s3()) {
            put(s3, "runs/run-claimed/input/orders/orders-001.csv", "order_id,user_id,created_at,status\n");

            Run run = execute(machine, "run-claimed", "{\"run\": {\"id\": \"run-claimed\"}}");

            List<String> entered = run.statesEntered();
            assertEquals(List.of("FindClaimedBatch", "BatchClaimed", "RunTransformationTask", "FindBatchToArchive"),
                    entered.subList(0, 4), entered.toString());
        }
    }

    @Test
    void aFailedRunThatHoldsNoFileStartsNoArchiveTask() {
        String machine = createInInterpreter("from-find-batch-to-archive", startingAt(definition, "FindBatchToArchive"));
        try (SqsClient sqs = Stack.client(SqsClient.builder())) {
            Run run = execute(machine, "run-rejected", "{\"run\": {\"id\": \"run-rejected\"}, \"failure\": "
                    + "{\"Error\": \"States.TaskFailed\", \"Cause\": \"exit code 1\"}}");

            assertEquals(List.of("FindBatchToArchive", "BatchToArchive", "NotifyFailure", "RunFailed"),
                    run.statesEntered(), "a batch the validate job rejected is already in invalid-data/");
            assertEquals(List.of("ecommerce-kpi pipeline run failed"), alerts(sqs).stream()
                    .map(StateMachineInMotoTest::subject).toList());
        }
    }

    /**
     * The deployed definition from {@code FindClaimedBatch} on, with {@code RunTransformationTask} waiting 2 seconds
     * for a task token nobody sends back instead of running its ECS task: this is how a state whose task outlives
     * {@code TimeoutSeconds} ends. Its catchers, and every state after it, are the deployed ones.
     */
    private static String withTransformTimingOut(String name) {
        String queue;
        try (SqsClient sqs = Stack.client(SqsClient.builder())) {
            queue = sqs.createQueue(b -> b.queueName("task-tokens-nobody-answers")).queueUrl();
        }
        String json = replacingTask(definition, "RunTransformationTask", queue, "\"MessageBody.$\": \"$$.Task.Token\"",
                Map.of("\"TimeoutSeconds\": 14400", "\"TimeoutSeconds\": 2"));
        return createInInterpreter(name, startingAt(json, "FindClaimedBatch"));
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

            List<JsonNode> alerts = alerts(sqs);
            assertEquals(1, alerts.size(), alerts.toString());
            assertEquals("ecommerce-kpi pipeline run timed out", subject(alerts.get(0)));
            JsonNode alert = message(alerts.get(0));
            assertEquals("run-slow", alert.field("runId").get().asString());
            assertEquals("States.Timeout", alert.field("error").get().asString());
            assertEquals("s3://" + stack.bucket + "/runs/run-slow/input/", alert.field("batchLeftIn").get().asString());
        }
    }

    @Test
    void theEcsStatesRunTheStacksTaskDefinitionsWithTheExecutionNameAsRunId() {
        JsonNode states = states();
        assertEquals("$$.Execution.Name", states.field("NameRun").get().field("Parameters").get().field("id.$").get()
                .asString());
        assertEquals("0", states.field("SettleWait").get().field("Seconds").get().asNumber(), "SettleSeconds=0 here");

        String archiveRole;
        try (IamClient iam = Stack.client(IamClient.builder())) {
            archiveRole = iam.getRole(b -> b.roleName(stack.physicalId("ArchiveTaskRole"))).role().arn();
        }
        try (EcsClient ecs = Stack.client(EcsClient.builder())) {
            String cluster = ecs.describeClusters(b -> b.clusters("ecommerce-cluster")).clusters().get(0).clusterArn();
            Map<String, String> commands = Map.of(
                    "RunValidationTask", "States.Array('validate', '--run-id', $.run.id, '--reject-limit', '0.05')",
                    "RunTransformationTask", "States.Array('transform', '--run-id', $.run.id)",
                    "ArchiveFailedRun", "States.Array('archive-failed', '--run-id', $.run.id)");
            // the archive runs in the validate task definition, under a role of its own
            Map<String, String> families = Map.of("RunValidationTask", "validate-task",
                    "RunTransformationTask", "transform-task", "ArchiveFailedRun", "validate-task");
            for (String stateName : List.of("RunValidationTask", "RunTransformationTask", "ArchiveFailedRun")) {
                JsonNode state = states.field(stateName).get();
                String taskDefinition = ecs.describeTaskDefinition(b -> b.taskDefinition(families.get(stateName)))
                        .taskDefinition().taskDefinitionArn();
                assertEquals("arn:aws:states:::ecs:runTask.sync", state.field("Resource").get().asString());
                JsonNode parameters = state.field("Parameters").get();
                assertEquals(cluster, parameters.field("Cluster").get().asString(), stateName);
                assertEquals(taskDefinition, parameters.field("TaskDefinition").get().asString(), stateName);
                assertEquals("FARGATE", parameters.field("LaunchType").get().asString(), stateName);
                JsonNode network = parameters.field("NetworkConfiguration").get().field("AwsvpcConfiguration").get();
                assertEquals(List.of(stack.physicalId("PublicSubnetA"), stack.physicalId("PublicSubnetB")),
                        strings(network.field("Subnets").get()));
                assertEquals(List.of(stack.physicalId("TaskSecurityGroup")), strings(network.field("SecurityGroups").get()));
                JsonNode overrides = parameters.field("Overrides").get();
                JsonNode override = overrides.field("ContainerOverrides").get().asArray().get(0);
                assertEquals("pipeline", override.field("Name").get().asString());
                assertEquals(commands.get(stateName), override.field("Command.$").get().asString());
                assertEquals(stateName.equals("ArchiveFailedRun") ? archiveRole : "(the task definition's)",
                        overrides.field("TaskRoleArn").map(JsonNode::asString).orElse("(the task definition's)"),
                        stateName);
                assertTrue(state.field("ResultPath").get().isNull(), "the task description is not kept");

                List<JsonNode> retriers = state.field("Retry").get().asArray();
                assertEquals(List.of("ECS.AmazonECSException", "ECS.ThrottlingException", "AmazonECS.Unknown"),
                        strings(retriers.get(0).field("ErrorEquals").get()));
                assertEquals(List.of("States.TaskFailed"), strings(retriers.get(1).field("ErrorEquals").get()));
                assertEquals("2", retriers.get(1).field("MaxAttempts").get().asNumber(), "a failed task runs 3 times");
                for (JsonNode retrier : retriers) {
                    assertEquals("2.0", retrier.field("BackoffRate").get().asNumber(), "exponential backoff");
                    assertEquals("FULL", retrier.field("JitterStrategy").get().asString());
                    // a timed-out task may still be running: never retried (a second task beside it)
                    List<String> errors = strings(retrier.field("ErrorEquals").get());
                    assertFalse(errors.contains("States.Timeout") || errors.contains("States.ALL"), errors.toString());
                }
            }
        }
        for (String job : List.of("RunValidationTask", "RunTransformationTask")) {
            // a timed-out job may still be running: its batch is not archived under it
            List<JsonNode> catchers = states.field(job).get().field("Catch").get().asArray();
            assertEquals(List.of("States.Timeout"), strings(catchers.get(0).field("ErrorEquals").get()));
            assertEquals("NotifyTimeout", catchers.get(0).field("Next").get().asString());
            assertEquals(List.of("States.ALL"), strings(catchers.get(1).field("ErrorEquals").get()));
            assertEquals("FindBatchToArchive", catchers.get(1).field("Next").get().asString());
            assertEquals("14400", states.field(job).get().field("TimeoutSeconds").get().asNumber());
        }
        assertEquals("FindClaimedBatch", states.field("RunValidationTask").get().field("Next").get().asString());
        assertEquals("RunSucceeded", states.field("RunTransformationTask").get().field("Next").get().asString());
        JsonNode archive = states.field("ArchiveFailedRun").get();
        assertEquals("NotifyFailure", archive.field("Next").get().asString());
        List<JsonNode> catchers = archive.field("Catch").get().asArray();
        assertEquals(1, catchers.size());
        assertEquals(List.of("States.ALL"), strings(catchers.get(0).field("ErrorEquals").get()));
        assertEquals("NotifyFailureNotArchived", catchers.get(0).field("Next").get().asString());
        assertEquals("3600", archive.field("TimeoutSeconds").get().asNumber());
    }

    @Test
    void noStateMovesAnObjectThroughStepFunctionsS3Integration() {
        List<String> s3Calls = new ArrayList<>();
        states().asObject().forEach((name, state) -> state.field("Resource").map(JsonNode::asString)
                .filter(resource -> resource.contains(":s3:")).ifPresent(resource -> s3Calls.add(name + " " + resource)));

        // object names pass through S3 only in the containers, whose SDK encodes a copy source; the state machine lists
        assertEquals(List.of("FindBatchToArchive arn:aws:states:::aws-sdk:s3:listObjectsV2",
                "FindClaimedBatch arn:aws:states:::aws-sdk:s3:listObjectsV2"), s3Calls.stream().sorted().toList());
        assertFalse(definition.contains("copyObject") || definition.contains("CopySource"), definition);
        assertFalse(definition.contains("\"Type\": \"Map\""), "no per-object states: " + definition);
    }

    private static List<String> strings(JsonNode array) {
        return array.asArray().stream().map(JsonNode::asString).toList();
    }
}
