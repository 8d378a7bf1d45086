package org.ecomkpi.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.row.Product;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Entry point of the child JVM that takes the merge lock over from a holder paused in {@link DynamoDbKpiStoreTest}:
 * its stores' clock runs {@link #AHEAD} ahead, so to them the paused holder's lease ran out long ago, as it would
 * have for any process once the pause outlasted the lease. It reaches moto through its environment
 * ({@code AWS_ENDPOINT_URL}) and serves every take-over of the test class, one a line of its stdin: the tables (order
 * KPIs, category KPIs, control, state), then the runs of {@link #run(String)} to apply, separated by spaces. It prints
 * {@code applied <run> <true|false>} for each run, then {@value #TOOK_OVER}.
 */
final class TakeOverInAnotherProcess {
    static final Duration AHEAD = Duration.ofHours(1);
    /** The line ending the answer to one take-over. */
    static final String TOOK_OVER = "took over";

    private TakeOverInAnotherProcess() {
    }

    /**
     * The runs of the take-over tests: {@code r1} first, {@code rA} (the paused holder's) and {@code rB} over the
     * same KPI rows and the same product, {@code rC} after them.
     */
    static RunContribution run(String runId) {
        return switch (runId) {
            case "r1" -> new RunContribution(runId, SyntheticRun.overSharedKeys(runId, 1, 150).versions(), List.of(),
                    List.of());
            case "rA" -> new RunContribution(runId, SyntheticRun.overSharedKeys(runId, 2, 150).versions(),
                    List.of(jeans("SKU-old")), List.of(file("a", runId)));
            case "rB" -> new RunContribution(runId, SyntheticRun.overSharedKeys(runId, 3, 150).versions(),
                    List.of(jeans("SKU-new")), List.of(file("d", runId)));
            case "rC" -> new RunContribution(runId, SyntheticRun.overSharedKeys(runId, 4, 30).versions(), List.of(),
                    List.of());
            default -> throw new IllegalArgumentException("no take-over run '" + runId + "'");
        };
    }

    private static ProcessedFile file(String digit, String runId) {
        return new ProcessedFile(digit.repeat(64), "runs/" + runId + "/input/orders/o.csv", runId);
    }

    private static Product jeans(String sku) {
        return new Product("7", sku, new BigDecimal("1.00"), "Jeans", new BigDecimal("2.00"), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public static void main(String[] args) throws IOException {
        BufferedReader takeOvers = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (DynamoDbClient client = AwsClients.dynamoDbBuilder().build()) {
            for (String line = takeOvers.readLine(); line != null; line = takeOvers.readLine()) {
                String[] words = line.split(" ");
                DynamoDbTables tables = new DynamoDbTables(words[0], words[1], words[2], words[3]);
                try (KpiStore store = new DynamoDbKpiStore(client, tables, Clock.offset(Clock.systemUTC(), AHEAD),
                        DynamoDbKpiStore.LEASE)) {
                    for (String runId : List.of(words).subList(4, words.length)) {
                        System.out.print("applied " + runId + " " + store.applyRun(run(runId)) + "\n");
                    }
                } catch (StoreException e) {
                    System.out.print("store error: " + e.getMessage() + "\n");
                }
                System.out.print(TOOK_OVER + "\n");
            }
        }
    }
}
