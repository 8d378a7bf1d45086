package org.ecomkpi.store;

/**
 * Entry point of the child JVMs in {@link DynamoDbStoreAcrossProcessesTest}: opens {@code KpiStore.at("dynamodb")}
 * from the environment it was given and applies the named runs.
 */
final class DynamoDbStoreInAnotherProcess {

    private DynamoDbStoreInAnotherProcess() {
    }

    public static void main(String[] runIds) {
        try (KpiStore store = KpiStore.at("dynamodb")) {
            for (String runId : runIds) {
                boolean applied = store.applyRun(runId, ApplyInAnotherProcess.contribution(runId));
                System.out.print("applied " + runId + " " + applied + "\n");
            }
        } catch (StoreException e) {
            System.out.print("store error: " + e.getMessage() + "\n");
            System.exit(3);
        }
    }
}
