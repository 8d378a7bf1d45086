package org.ecomkpi.aws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.jobs.ChildCli;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS requests of one run — validate then transform, each in its own JVM as in ECS — over a generated drop, with
 * what they would cost at on-demand prices. A harness, not a test:
 *
 * <pre>
 * mvn -B -q -pl batch-jobs -am test-compile
 * mvn -B -q -pl batch-jobs dependency:build-classpath -Dmdep.outputFile=/tmp/bj-cp.txt
 * java -cp batch-jobs/target/test-classes:batch-jobs/target/classes:$(cat /tmp/bj-cp.txt) \
 *     org.ecomkpi.aws.RequestCountHarness [orders=100000]
 * </pre>
 */
public final class RequestCountHarness {
    // us-east-1 on-demand prices (per request or request unit), November 2026 price lists
    private static final double S3_WRITE = 0.005 / 1000;      // PUT, COPY, POST, LIST
    private static final double S3_READ = 0.0004 / 1000;      // GET, HEAD
    private static final double DDB_WRU = 0.625 / 1_000_000;  // per write request unit (1 KB)
    private static final double DDB_RRU = 0.125 / 1_000_000;  // per read request unit (4 KB, strongly consistent)

    private RequestCountHarness() {
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        MotoServer moto = MotoServer.get();
        Path dir = Files.createTempDirectory("request-counts");
        new DropGenerator(DropSpec.builder(orders, 30, 3L).build()).write(dir);
        String bucket = "request-count-" + System.nanoTime() % 100_000;
        try (S3Client s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).forcePathStyle(true).build()) {
            s3.createBucket(b -> b.bucket(bucket));
            Path landing = dir.resolve("landing-data");
            try (Stream<Path> files = Files.walk(landing)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    s3.putObject(p -> p.bucket(bucket).key("landing-data/" + landing.relativize(f)), RequestBody.fromFile(f));
                }
            }
        }
        Path counts = dir.resolve("counts.properties");
        Map<String, String> env = new HashMap<>(moto.environment());
        env.put("PIPELINE_BUCKET", "s3://" + bucket);
        env.put("PIPELINE_STORE", "dynamodb");
        env.put("PIPELINE_CREATE_TABLES", "true");
        env.put(RequestCounter.FILE_VARIABLE, counts.toString());
        for (String job : List.of("validate", "transform")) {
            long start = System.nanoTime();
            ChildCli.Result result = ChildCli.run(env, job, "--run-id", "count-1", "--quiet");
            System.out.printf(Locale.ROOT, "%s: exit %d in %.1f s%n", job, result.exitCode(),
                    (System.nanoTime() - start) / 1e9);
            if (result.exitCode() != 0) {
                System.out.println(result.output());
                return;
            }
        }
        Map<String, long[]> total = new TreeMap<>();
        for (String line : Files.readAllLines(counts)) {
            String[] kv = line.split("=");
            String[] n = kv[1].split(",");
            long[] t = total.computeIfAbsent(kv[0], k -> new long[3]);
            for (int i = 0; i < 3; i++) {
                t[i] += Long.parseLong(n[i]);
            }
        }
        double cost = 0;
        System.out.printf(Locale.ROOT, "%-34s %9s %14s %14s %12s%n", "service.operation", "requests", "request bytes",
                "response bytes", "cost USD");
        for (Map.Entry<String, long[]> e : total.entrySet()) {
            String op = e.getKey();
            long[] t = e.getValue();
            double c;
            if (op.startsWith("S3.")) {
                boolean read = op.endsWith("GetObject") || op.endsWith("HeadObject");
                boolean free = op.endsWith("DeleteObject");
                c = free ? 0 : t[0] * (read ? S3_READ : S3_WRITE);
            } else if (op.startsWith("DynamoDb.")) {
                boolean write = op.contains("Put") || op.contains("Update") || op.contains("Write") || op.contains("Delete");
                // a transactional write is prepared, then committed: two units a KB
                int unitsPerKb = op.contains("Transact") ? 2 : 1;
                // request units from payload sizes: an upper bound (JSON and base64 overhead count too)
                c = write ? unitsPerKb * Math.max(t[0], Math.ceil(t[1] / 1024.0)) * DDB_WRU
                        : Math.max(t[0], Math.ceil(t[2] / 4096.0)) * DDB_RRU;
            } else {
                c = 0;
            }
            cost += c;
            System.out.printf(Locale.ROOT, "%-34s %,9d %,14d %,14d %12.6f%n", op, t[0], t[1], t[2], c);
        }
        System.out.printf(Locale.ROOT, "requests to S3 and DynamoDB for one run of %,d orders: %.4f USD%n", orders, cost);
    }
}
