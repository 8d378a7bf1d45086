package org.ecomkpi.aws;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A real AWS-API server for tests: {@code moto_server} (moto 5) started on a free 127.0.0.1 port, once per test
 * JVM, and stopped when the JVM ends. There is no skipping: when it cannot start, {@link #get()} fails with a
 * message saying what to install.
 *
 * <p>moto 5.2's TransactWriteItems is changed in how it rolls back, not in what any call answers, by a
 * {@code sitecustomize} on the server's {@code PYTHONPATH} ({@value #SITE_CUSTOMIZE}). As shipped it deep-copies every
 * table it touches once per action, to restore whole tables if the transaction is cancelled, and moto's instance
 * registry (kept for its dashboard) keeps every copied table and item for good: a transactional write into a table
 * of 2,000 items took 70 ms and left about 1 MB behind, so the store's tests timed out and moto_server grew to
 * gigabytes. With the script a transaction remembers the items it is about to write and puts exactly those back when
 * it is cancelled (so it no longer undoes other clients' writes made meanwhile, as DynamoDB never does), transactions
 * run one at a time (on DynamoDB they are serializable), and DynamoDB tables and items stay out of the registry.
 * With another moto layout it changes nothing.
 *
 * <pre>{@code
 * MotoServer moto = MotoServer.get();
 * S3Client s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
 *         .credentialsProvider(MotoServer.CREDENTIALS).forcePathStyle(true).build();
 * }</pre>
 */
public final class MotoServer {
    public static final Region REGION = Region.US_EAST_1;
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** The resource installed as moto_server's {@code sitecustomize.py}. */
    static final String SITE_CUSTOMIZE = "moto-sitecustomize.py";

    private static MotoServer instance;

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized MotoServer get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "moto-server-stop"));
        }
        return instance;
    }

    /** {@code http://127.0.0.1:<port>}: pass it as the SDK's endpoint override or as {@code AWS_ENDPOINT_URL}. */
    public URI endpoint() {
        return endpoint;
    }

    /** An S3 client on this server (path-style addressing, as moto serves it); the caller closes it. */
    public software.amazon.awssdk.services.s3.S3Client s3Client() {
        return software.amazon.awssdk.services.s3.S3Client.builder().endpointOverride(endpoint()).region(REGION)
                .credentialsProvider(CREDENTIALS).forcePathStyle(true).build();
    }

    /** A DynamoDB client on this server; the caller closes it. */
    public software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoClient() {
        return software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder().endpointOverride(endpoint())
                .region(REGION).credentialsProvider(CREDENTIALS).build();
    }

    /**
     * Environment for a child process (the CLI, the {@code aws} CLI) that should talk to this server: endpoint,
     * region and dummy credentials.
     */
    public java.util.Map<String, String> environment() {
        return java.util.Map.of(
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_REGION", REGION.id(),
                "AWS_DEFAULT_REGION", REGION.id(),
                "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing");
    }

    /** Forgets every resource of every service (moto's reset API), for tests that need a blank account. */
    public void reset() {
        post("/moto-api/reset", "");
    }

    /** POSTs a JSON body to one of moto's own APIs, e.g. {@code /moto-api/config}. */
    public void post(String path, String json) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.getOutputStream().write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            int status = c.getResponseCode();
            if (status >= 300) {
                throw new IllegalStateException("moto " + path + " answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto " + path + ": " + e.getMessage(), e);
        }
    }

    private static MotoServer start() {
        int port = freePort();
        Path log;
        try {
            log = Files.createTempFile("moto-server-", ".log");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the moto_server log file", e);
        }
        List<String> command = List.of("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port));
        Process process;
        try {
            Path site = Files.createTempDirectory("moto-site-");
            try (java.io.InputStream script = MotoServer.class.getResourceAsStream(SITE_CUSTOMIZE)) {
                Files.copy(java.util.Objects.requireNonNull(script, SITE_CUSTOMIZE), site.resolve("sitecustomize.py"));
            }
            site.toFile().deleteOnExit();
            site.resolve("sitecustomize.py").toFile().deleteOnExit();
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            String pythonPath = builder.environment().get("PYTHONPATH");
            builder.environment().put("PYTHONPATH", pythonPath == null || pythonPath.isBlank() ? site.toString()
                    : site + java.io.File.pathSeparator + pythonPath);
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ left in the temporary folder
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto_server (" + e.getMessage() + "): the AWS tests need "
                    + "moto 5 with its server on the PATH ('pip install \"moto[server]>=5,<6\"')", e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + " at start: "
                        + tail(log));
            }
            if (answers(endpoint)) {
                return new MotoServer(process, endpoint, log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("moto_server did not answer on " + endpoint + " within " + START_TIMEOUT
                + ": " + tail(log));
    }

    private static boolean answers(URI endpoint) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1 for moto_server", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (IOException e) {
            // the log file is only a temporary aid
        }
    }
}
