package org.ecomkpi.store;

import java.time.LocalDate;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.settings.PipelineSettings;

/**
 * Entry point of the child JVMs in {@link DynamoDbStoreAcrossProcessesTest}: opens the {@code dynamodb} store with the
 * settings of the environment it was given, as the CLI's root parses them, and applies the named runs.
 */
final class DynamoDbStoreInAnotherProcess {
    /** Run ids of changes to the orders of {@link #BASE}: every order returned, or every order moved. */
    static final String BASE = "base";
    static final String RETURNS = "returns";
    static final String MOVES = "moves";

    private DynamoDbStoreInAnotherProcess() {
    }

    /** The versions of a run id: new orders of their own, or a change of every order of {@link #BASE}. */
    static VersionBatch contribution(String runId) {
        VersionBatch base = SyntheticRun.overSharedKeys(BASE, 5, 300).versions();
        if (runId.equals(BASE)) {
            return base;
        }
        if (runId.equals(RETURNS) || runId.equals(MOVES)) {
            VersionBatch changes = new VersionBatch();
            for (OrderFact o : base.orders().values()) {
                changes.add(runId.equals(RETURNS) ? new OrderFact(o.orderId(), o.orderDate(), o.userId(), true)
                        : new OrderFact(o.orderId(), LocalDate.parse("2025-03-26"), "mover", o.returned()));
            }
            return changes;
        }
        return ApplyInAnotherProcess.contribution(runId);
    }

    public static void main(String[] runIds) {
        PipelineSettings settings = PipelineSettings.parse(System.getenv());
        try (AwsClients clients = new AwsClients(settings.aws());
             KpiStore store = StoreLocation.DYNAMODB.open(clients, settings.dynamoDbStore())) {
            for (String runId : runIds) {
                boolean applied = store.applyRun(runId, contribution(runId));
                System.out.print("applied " + runId + " " + applied + "\n");
            }
        } catch (StoreException e) {
            System.out.print("store error: " + e.getMessage() + e.hint().map(hint -> " (hint: " + hint + ")").orElse("")
                    + "\n");
            System.exit(3);
        }
    }
}
