package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.jberet.dynamodb.DynamoDbRepositorySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DynamoDB store that is not there, as a container runs the CLI (configured only by its environment; here in this
 * JVM, {@link Cli}): an endpoint nothing listens at is reported at the first attempt naming it (the message says how
 * long it tried when it tried more than once; {@code store.DynamoDbEndpointTest} counts the SDK's attempts), a missing
 * table by its name and the setting that creates it. Nothing here is timed, so a busy machine cannot fail it.
 */
class DynamoDbStoreErrorsTest {

    @TempDir
    Path dir;

    private Map<String, String> environment(String endpoint) {
        Map<String, String> env = new HashMap<>(MotoServer.get().environment());
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("PIPELINE_STORE", "dynamodb");
        env.put("PIPELINE_BUCKET", dir.resolve("bucket").toString());
        env.put(DynamoDbRepositorySettings.SPILL_VARIABLE, "s3://spill/checkpoints");
        return env;
    }

    private static String closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort(); // closed again when the test uses it
        }
    }

    @Test
    void kpisOnAnEndpointNothingListensAtFailsAtTheFirstAttemptNamingIt() throws Exception {
        String endpoint = closedPort();

        Cli kpis = Cli.runWith(environment(endpoint), "kpis", "--table", "order_kpi_table");

        assertEquals(3, kpis.exitCode(), kpis.output());
        assertTrue(kpis.output().contains("error: store 'dynamodb': cannot reach DynamoDB at " + endpoint
                + " (AWS_ENDPOINT_URL): "), kpis.output());
        assertTrue(kpis.output().contains("(hint: check AWS_ENDPOINT_URL: is the emulator running and listening "
                + "there?)"), kpis.output());
        assertFalse(kpis.output().contains("(tried for"), "reported at the first attempt: " + kpis.output());
    }

    @Test
    void aJobOnAnEndpointNothingListensAtFailsAtTheFirstAttemptNamingIt() throws Exception {
        String endpoint = closedPort();

        Cli validate = Cli.runWith(environment(endpoint), "validate", "--run-id", "r1");

        assertEquals(3, validate.exitCode(), validate.output());
        assertTrue(validate.output().contains("error: store 'dynamodb': cannot reach DynamoDB at " + endpoint
                + " (AWS_ENDPOINT_URL): "), validate.output());
        assertFalse(validate.output().contains("(tried for"), "reported at the first attempt: " + validate.output());
    }

    @Test
    void aMissingKpiTableIsNamedWithTheVariableThatNamesItAndTheSettingThatCreatesIt() throws Exception {
        Map<String, String> env = environment(MotoServer.get().endpoint().toString());
        String table = "missing_" + UUID.randomUUID().toString().substring(0, 8) + "_orders";
        env.put("PIPELINE_ORDER_TABLE", table);

        Cli kpis = Cli.runWith(env, "kpis", "--table", "order_kpi_table");

        assertEquals(3, kpis.exitCode(), kpis.output());
        assertTrue(kpis.output().contains("error: store 'dynamodb': table '" + table + "' (PIPELINE_ORDER_TABLE) does "
                + "not exist at " + MotoServer.get().endpoint() + " (AWS_ENDPOINT_URL) (hint: on AWS the "
                + "CloudFormation stack (cfn/template.yaml) creates it; against a local emulator set "
                + "PIPELINE_CREATE_TABLES=true to create the tables; or set PIPELINE_ORDER_TABLE to the table's name)"),
                kpis.output());
        assertFalse(kpis.output().contains("Requested resource not found"), kpis.output());
    }

    @Test
    void aMissingJobRepositoryTableIsNamedWithTheVariableThatNamesItAndTheSettingThatCreatesIt() throws Exception {
        Map<String, String> env = environment(MotoServer.get().endpoint().toString());
        String table = "missing_" + UUID.randomUUID().toString().substring(0, 8) + "_jobs";
        env.put(DynamoDbRepositorySettings.TABLE_VARIABLE, table);

        Cli validate = Cli.runWith(env, "validate", "--run-id", "r1");

        assertEquals(3, validate.exitCode(), validate.output());
        assertTrue(validate.output().contains("error: store dynamodb: the job repository table '" + table + "' "
                + "(PIPELINE_JOB_REPOSITORY_TABLE) does not exist at " + MotoServer.get().endpoint()
                + " (AWS_ENDPOINT_URL) (hint: on AWS the CloudFormation stack (cfn/template.yaml) creates it; against "
                + "a local emulator set PIPELINE_CREATE_TABLES=true"), validate.output());
        assertFalse(validate.output().contains("Requested resource not found"), validate.output());
    }

    @Test
    void anEndpointThatIsOnlySlowToAnswerTheFirstCallIsWaitedFor() throws Exception {
        URI moto = MotoServer.get().endpoint();
        try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // the first connection gets its answer after the first call's bound, later ones at once: a busy emulator
            Thread forwarder = new Thread(() -> forwardSlowlyFirst(proxy, moto, Duration.ofSeconds(6)), "slow-proxy");
            forwarder.setDaemon(true);
            forwarder.start();
            Map<String, String> env = environment("http://127.0.0.1:" + proxy.getLocalPort());
            env.put("PIPELINE_CREATE_TABLES", "true");

            Cli kpis = Cli.runWith(env, "kpis", "--table", "order_kpi_table");

            assertEquals(0, kpis.exitCode(), kpis.output());
            assertFalse(kpis.output().contains("cannot reach DynamoDB"), kpis.output());
        }
    }

    private static void forwardSlowlyFirst(ServerSocket proxy, URI target, Duration firstDelay) {
        AtomicInteger connections = new AtomicInteger();
        while (!proxy.isClosed()) {
            Socket client;
            try {
                client = proxy.accept();
            } catch (IOException e) {
                return;
            }
            boolean first = connections.getAndIncrement() == 0;
            Thread pair = new Thread(() -> {
                try (client; Socket server = new Socket(target.getHost(), target.getPort())) {
                    Thread up = new Thread(() -> copy(client, server));
                    up.setDaemon(true);
                    up.start();
                    if (first) {
                        Thread.sleep(firstDelay.toMillis());
                    }
                    copy(server, client);
                } catch (IOException | InterruptedException e) {
                    // the client gave up on this connection
                }
            });
            pair.setDaemon(true);
            pair.start();
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }
}
