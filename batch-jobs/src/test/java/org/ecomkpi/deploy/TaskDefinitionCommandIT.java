package org.ecomkpi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.metrics.EmfLines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The packaged jar run the way ECS runs the container: through {@code docker/entrypoint.sh}, with the JVM flags of
 * {@code docker/Dockerfile}, the environment of the deployed task definitions and the command Step Functions gives
 * each task ({@code <job> --run-id <execution name> ...}; the failure path's {@code archive-failed} in validate's task
 * definition). Failsafe runs it after {@code package}.
 *
 * <p>The containers talk to the stack deployed into {@code moto_server}: its bucket, its tables, its topic. The only
 * variables added to the task definitions' are the ones ECS itself provides (credentials and endpoint, here moto's).
 */
class TaskDefinitionCommandIT {
    private static final String RUN_ID = "3f2a9c1e-run-from-step-functions";

    private static DeployedTasks tasks;
    private static Map<String, Map<String, String>> environments;
    private static Map<String, List<String>> commands;
    private static String javaOpts;

    @TempDir
    Path dir;

    @BeforeAll
    static void readTheDeployedTaskDefinitionsAndStateMachine() throws Exception {
        tasks = DeployedTasks.read(Stack.deploy("ecommerce-kpi-jar-test"), RUN_ID);
        environments = tasks.environments();
        commands = tasks.commands();
        Matcher opts = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"")
                .matcher(Files.readString(Stack.root().resolve("docker/Dockerfile")));
        assertTrue(opts.find(), "docker/Dockerfile sets no JAVA_OPTS");
        javaOpts = opts.group(1);
    }

    private Stack.ProcessResult container(String job) {
        return container(job, commands.get(job));
    }

    /** The container of {@code job}'s task definition, run with {@code arguments} as its command. */
    private Stack.ProcessResult container(String job, List<String> arguments) {
        Map<String, String> environment = new HashMap<>(environments.get(job));
        environment.putAll(MotoServer.get().environment());
        environment.put("JAVA_OPTS", javaOpts);
        environment.put("PIPELINE_JAR", System.getProperty("pipeline.jar", "target/pipeline.jar"));
        List<String> command = new ArrayList<>(List.of("sh", Stack.root().resolve("docker/entrypoint.sh").toString()));
        command.addAll(arguments);
        return Stack.run(command, environment);
    }

    @Test
    void theStepFunctionsCommandsAreTheEntrypointsWithTheRunId() {
        assertEquals(List.of("validate", "--run-id", RUN_ID, "--reject-limit", "0.05"), commands.get("validate"));
        assertEquals(List.of("transform", "--run-id", RUN_ID), commands.get("transform"));
        assertEquals(List.of("archive-failed", "--run-id", RUN_ID), commands.get("archive-failed"));
        assertEquals("json", environments.get("validate").get("PIPELINE_LOG_FORMAT"));
    }

    @Test
    void theContainersValidateThenTransformADropOnTheStacksBucketAndTables() throws Exception {
        Path drop = dir.resolve("drop");
        Path jar = Path.of(System.getProperty("pipeline.jar", "target/pipeline.jar")).toAbsolutePath();
        Stack.ProcessResult generated = Stack.run(List.of("java", "-jar", jar.toString(), "generate", "--out",
                drop.toString(), "--orders", "300", "--days", "3", "--seed", "11"), Map.of());
        assertEquals(0, generated.exitCode(), generated.toString());
        String bucket = tasks.bucket();
        Path landing = drop.resolve("landing-data");
        try (S3Client s3 = Stack.s3(); Stream<Path> files = Files.walk(landing)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                s3.putObject(b -> b.bucket(bucket).key("landing-data/" + landing.relativize(file)),
                        RequestBody.fromFile(file));
            }
        }

        Stack.ProcessResult validate = container("validate");

        assertEquals(0, validate.exitCode(), validate.toString());
        assertEquals("", validate.err(), "the entrypoint sends everything to stdout");
        List<String> lines = validate.out().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("validate " + RUN_ID + ": VALIDATED"), validate.toString());
        List<JsonNode> logs = lines.stream().filter(l -> l.startsWith("{") && !l.contains("\"_aws\""))
                .map(l -> JsonNode.parser().parse(l)).toList();
        // a library's line written outside a step (the AWS SDK's, say) has no step; the steps' own lines do
        assertTrue(logs.stream().flatMap(l -> l.field("step").stream()).map(JsonNode::asString).toList().containsAll(
                List.of("claim", "judge")), validate.toString());
        for (JsonNode log : logs) {
            assertEquals(RUN_ID, log.field("runId").get().asString(), log.toString());
            assertEquals("validate", log.field("job").get().asString(), log.toString());
        }

        // the task definition switches the metrics on: EMF lines beside the log lines, one per record
        var metrics = EmfLines.in(validate.out());
        assertTrue(metrics.size() > 3, validate.toString());
        metrics.forEach(m -> assertEquals(RUN_ID, m.get("runId").asText(), m.toString()));

        Stack.ProcessResult transform = container("transform");

        assertEquals(0, transform.exitCode(), transform.toString());
        List<String> transformLines = transform.out().lines().toList();
        assertTrue(transformLines.get(transformLines.size() - 1).startsWith("transform " + RUN_ID + ": PROCESSED"),
                transform.toString());
        assertTrue(EmfLines.in(transform.out()).stream().anyMatch(m -> m.has("RunsProcessed")), transform.toString());
        try (S3Client s3 = Stack.s3()) {
            assertTrue(s3.listObjectsV2(b -> b.bucket(bucket).prefix("processed/" + RUN_ID + "/")).keyCount() > 0,
                    "inputs archived to processed/");
            assertTrue(s3.listObjectsV2(b -> b.bucket(bucket).prefix("runs/" + RUN_ID + "/report.json")).keyCount() == 1);
        }
        try (DynamoDbClient dynamo = Stack.client(DynamoDbClient.builder())) {
            assertTrue(dynamo.scan(b -> b.tableName("order_kpi_table")).count() == 3, "three order dates in the KPI table");
        }
    }

    @Test
    void theArchiveContainerMovesAFailedRunsBatchUnderItsExactNamesOnTheStacksBucket() {
        String bucket = tasks.bucket();
        String run = "runs/" + RUN_ID + "-failed/input/";
        List<String> names = List.of("order_items/a+b %20 ü–ñ.csv", "orders/jour d'été 100%+.csv");
        try (S3Client s3 = Stack.s3()) {
            for (String name : names) {
                s3.putObject(b -> b.bucket(bucket).key(run + name), RequestBody.fromString(name));
            }
        }
        List<String> command = new ArrayList<>(commands.get("archive-failed"));
        command.set(command.indexOf(RUN_ID), RUN_ID + "-failed");

        Stack.ProcessResult archived = container("archive-failed", command);

        assertEquals(0, archived.exitCode(), archived.toString());
        assertTrue(archived.out().contains("archive-failed " + RUN_ID + "-failed: moved 2 files"), archived.toString());
        try (S3Client s3 = Stack.s3()) {
            assertEquals(names.stream().map(name -> "invalid-data/" + RUN_ID + "-failed/input/" + name).toList(),
                    s3.listObjectsV2(b -> b.bucket(bucket).prefix("invalid-data/" + RUN_ID + "-failed/")).contents()
                            .stream().map(S3Object::key).sorted().toList());
            assertEquals(0, s3.listObjectsV2(b -> b.bucket(bucket).prefix(run)).keyCount());
        }
    }
}
