package org.ecomkpi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code docker/Dockerfile} built for real with {@code buildah bud} (vfs storage, chroot isolation, no Docker engine)
 * on the local Debian JRE base of {@link Buildah#localJreBase} (passed as {@code BASE_IMAGE}: no registry is
 * reachable), then run the way ECS runs it: a fresh container per task, the image's entrypoint, user, working folder
 * and environment, plus the environment of the task definitions deployed from {@code cfn/template.yaml} into
 * {@code moto_server} and the state machine's commands. Chroot isolation shares the host's network, so the containers
 * reach moto on 127.0.0.1. Failsafe runs it after {@code package}, which made the jar the Dockerfile copies.
 *
 * <p>What it cannot show: the public base image, Fargate's runtime (cgroup limits, awsvpc networking, the log
 * driver), IAM and real AWS (docker/README.md).
 */
class ContainerImageIT {
    private static final String RUN_ID = "7c41d0be-run-in-the-image";
    private static final Duration TASK_TIMEOUT = Duration.ofMinutes(3);
    /** This run's image and containers are named after the test JVM's pid; {@code vfs} copies the whole tree. */
    private static final String IMAGE = "localhost/ecommerce-kpi-pipeline:it-";
    private static final String CONTAINER = "ecomkpi-it-";
    private static int started;
    private static String probe;

    private static Buildah buildah;
    private static String image;
    private static List<String> entrypoint;
    private static List<String> cmd;
    private static JsonNode config;
    private static DeployedTasks tasks;
    private static final List<String> containers = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void buildTheImageOnTheLocalBase() throws Exception {
        buildah = Buildah.get();
        long start = System.nanoTime();
        String base = buildah.localJreBase();
        long based = System.nanoTime();
        removeWhatKilledRunsLeft();
        image = IMAGE + ProcessHandle.current().pid();
        Path root = Stack.root();
        assertTrue(Files.isRegularFile(root.resolve("batch-jobs/target/pipeline.jar")),
                "no batch-jobs/target/pipeline.jar: the image test runs after mvn package");
        buildah.ok(List.of("bud", "--isolation", "chroot", "--pull=never", "--layers=false",
                "--build-arg", "BASE_IMAGE=" + base, "--ignorefile", root.resolve("docker/Dockerfile.dockerignore")
                        .toString(), "-f", root.resolve("docker/Dockerfile").toString(), "-t", image,
                root.toString()));
        long built = System.nanoTime();
        Buildah.log(String.format("base ready in %d s, image %s built in %d s", Buildah.seconds(based - start), image,
                Buildah.seconds(built - based)));
        config = JsonNode.parser().parse(buildah.ok(List.of("inspect", "--type", "image", image))).field("OCIv1")
                .get().field("config").get();
        entrypoint = strings(config.field("Entrypoint").get());
        cmd = strings(config.field("Cmd").get());
        tasks = DeployedTasks.read(Stack.deploy("ecommerce-kpi-image-test"), RUN_ID);
    }

    @AfterAll
    static void removeTheImageAndItsContainers() {
        if (buildah == null) {
            return;
        }
        for (String container : containers) {
            buildah.buildah(List.of("rm", container), Map.of(), Duration.ofMinutes(1));
        }
        if (image != null) {
            buildah.buildah(List.of("rmi", image), Map.of(), Duration.ofMinutes(1));
        }
    }

    /** Images and containers of test JVMs that ended without their {@code @AfterAll} (killed): each a full copy. */
    private static void removeWhatKilledRunsLeft() {
        for (String container : buildah.ok(List.of("containers", "--format", "{{.ContainerName}}")).lines().toList()) {
            if (container.startsWith(CONTAINER) && !alive(container.substring(CONTAINER.length()).split("-")[0])) {
                buildah.ok(List.of("rm", container));
            }
        }
        for (String name : buildah.ok(List.of("images", "--format", "{{.Name}}:{{.Tag}}")).lines().toList()) {
            if (name.startsWith(IMAGE) && !alive(name.substring(IMAGE.length()))) {
                buildah.ok(List.of("rmi", name));
            }
        }
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static List<String> strings(JsonNode array) {
        return array.asArray().stream().map(JsonNode::asString).toList();
    }

    /** A new container of the image (with vfs, a full copy of its files). */
    private static String newContainer() {
        String name = CONTAINER + ProcessHandle.current().pid() + "-" + ++started;
        // as Docker and ECS do, the container's host name is in its /etc/hosts: the JVM resolves it at start, and
        // asking the DNS server for it instead can take longer than the CLI's first DynamoDB call may
        String container = buildah.ok(List.of("from", "--pull=never", "--name", name, "--add-host",
                name + ":127.0.0.1", image)).trim();
        containers.add(container);
        return container;
    }

    /**
     * A new container of the image runs {@code arguments} as its own user, in its working folder, with the image's
     * environment plus {@code environment}; removed afterwards like a stopped task.
     */
    private static Stack.ProcessResult container(List<String> arguments, Map<String, String> environment) {
        long start = System.nanoTime();
        String container = newContainer();
        Stack.ProcessResult result = run(container, arguments, environment);
        buildah.ok(List.of("rm", container));
        containers.remove(container);
        Buildah.log(String.format("container %s: exit %d in %d s", String.join(" ", arguments), result.exitCode(),
                Buildah.seconds(System.nanoTime() - start)));
        return result;
    }

    /** For the image's own checks: one container of the image, made once, each command run in it. */
    private static synchronized Stack.ProcessResult probe(List<String> arguments) {
        long start = System.nanoTime();
        if (probe == null) {
            probe = newContainer();
        }
        Stack.ProcessResult result = run(probe, arguments, Map.of());
        Buildah.log(String.format("probe %s: exit %d in %d s", String.join(" ", arguments), result.exitCode(),
                Buildah.seconds(System.nanoTime() - start)));
        return result;
    }

    private static Stack.ProcessResult run(String container, List<String> arguments, Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of("run", "--isolation", "chroot", "--hostname", container));
        environment.forEach((variable, value) -> command.addAll(List.of("--env", variable + "=" + value)));
        command.add(container);
        command.add("--");
        command.addAll(arguments);
        return buildah.buildah(command, Map.of(), TASK_TIMEOUT);
    }

    /** The container of {@code job}'s task definition with the state machine's command, talking to moto. */
    private static Stack.ProcessResult task(String job) {
        Map<String, String> environment = new HashMap<>(tasks.environment(job));
        environment.putAll(MotoServer.get().environment());
        List<String> arguments = new ArrayList<>(entrypoint);
        arguments.addAll(tasks.command(job));
        return container(arguments, environment);
    }

    /** The command line in this JVM, configured by {@code environment} only, as {@code java -jar} would run it. */
    private static Stack.ProcessResult inProcess(Map<String, String> environment, String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(arguments);
        return new Stack.ProcessResult(exitCode, out.toString(), err.toString());
    }

    @Test
    void theImageRunsTheEntrypointAsUser10001WithTheDockerfilesEnvironment() {
        assertEquals(List.of("/app/entrypoint.sh"), entrypoint);
        assertEquals(List.of("--help"), cmd);
        assertEquals("10001:10001", config.field("User").get().asString());
        assertEquals("/home/pipeline", config.field("WorkingDir").get().asString());
        List<String> env = strings(config.field("Env").get());
        assertTrue(env.contains("PIPELINE_LOG_FORMAT=json"), env.toString());
        assertTrue(env.stream().anyMatch(e -> e.startsWith("JAVA_OPTS=-XX:MaxRAMPercentage=75 ")), env.toString());

        Stack.ProcessResult who = probe(List.of("sh", "-c", "id -u; id -g; pwd; ls -l /app"));

        assertEquals(0, who.exitCode(), who.toString());
        List<String> lines = who.out().lines().toList();
        assertEquals(List.of("10001", "10001", "/home/pipeline"), lines.subList(0, 3), who.toString());
        assertTrue(who.out().contains("-rwxr-xr-x") && who.out().contains("entrypoint.sh"), who.toString());
    }

    @Test
    void versionPrintsTheProjectVersionAndTheDefaultCommandIsHelp() {
        List<String> version = new ArrayList<>(entrypoint);
        version.add("--version");

        Stack.ProcessResult printed = probe(version);

        assertEquals(0, printed.exitCode(), printed.toString());
        assertTrue(printed.out().startsWith("pipeline " + System.getProperty("project.version") + " (commit "),
                printed.toString());

        List<String> byDefault = new ArrayList<>(entrypoint);
        byDefault.addAll(cmd);
        Stack.ProcessResult help = probe(byDefault);

        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().contains("validate") && help.out().contains("transform"), help.toString());
    }

    @Test
    void theTaskContainersValidateThenTransformADropIntoTheKpisThePipelineComputesInProcess() throws Exception {
        Path jar = Stack.root().resolve("batch-jobs/target/pipeline.jar");
        Path drop = dir.resolve("drop");
        Stack.ProcessResult generated = inProcess(Map.of(), "generate", "--out", drop.toString(), "--orders", "300",
                "--days", "3", "--seed", "23");
        assertEquals(0, generated.exitCode(), generated.toString());
        Path landing = drop.resolve("landing-data");
        try (S3Client s3 = Stack.s3(); Stream<Path> files = Files.walk(landing)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                s3.putObject(b -> b.bucket(tasks.bucket()).key("landing-data/" + landing.relativize(file)),
                        RequestBody.fromFile(file));
            }
        }

        Stack.ProcessResult validate = task("validate");

        assertEquals(0, validate.exitCode(), validate.toString());
        List<String> lines = validate.out().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("validate " + RUN_ID + ": VALIDATED"), validate.toString());
        // JSON log lines and, as the image and task definitions turn metrics on, EMF lines (an "_aws" member)
        List<JsonNode> logs = lines.stream().filter(l -> l.startsWith("{") && !l.contains("\"_aws\""))
                .map(l -> JsonNode.parser().parse(l)).toList();
        // a library's line written outside a step (the AWS SDK's, say) has no step; the steps' own lines do
        assertTrue(logs.stream().flatMap(l -> l.field("step").stream()).map(JsonNode::asString).toList()
                .containsAll(List.of("claim", "judge")), validate.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("{\"_aws\"") || l.contains("\"_aws\":{")),
                "the container prints its metrics as EMF lines: " + validate);

        Stack.ProcessResult transform = task("transform");

        assertEquals(0, transform.exitCode(), transform.toString());
        List<String> transformLines = transform.out().lines().toList();
        assertTrue(transformLines.get(transformLines.size() - 1).startsWith("transform " + RUN_ID + ": PROCESSED"),
                transform.toString());

        // the same drop, run by the pipeline in this JVM (a local bucket and H2): the KPIs must be the same
        String store = "h2:" + dir.resolve("store");
        Stack.ProcessResult local = inProcess(Map.of(), "run", "--quiet", "--bucket", drop.toString(), "--store",
                store, "--reject-limit", "0.05");
        assertEquals(0, local.exitCode(), local.toString());
        Map<String, String> onMoto = new HashMap<>(tasks.environment("transform"));
        onMoto.putAll(MotoServer.get().environment());
        for (String table : List.of("order_kpi_table", "category_kpi_table")) {
            Stack.ProcessResult expected = inProcess(Map.of(), "kpis", "--store", store, "--table", table, "--format",
                    "csv");
            assertEquals(0, expected.exitCode(), expected.toString());
            assertTrue(expected.out().lines().count() > 3, expected.toString());
            // a child JVM: the SDK takes region and credentials from the process environment
            Stack.ProcessResult written = Stack.run(List.of("java", "-jar", jar.toString(), "kpis", "--table", table,
                    "--format", "csv"), onMoto);
            assertEquals(0, written.exitCode(), written.toString());
            assertEquals(expected.out(), written.out(), table + " written by the containers to DynamoDB");
        }
    }
}
