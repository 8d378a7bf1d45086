package org.ecomkpi.store;

import java.nio.file.Path;

import org.ecomkpi.kpi.VersionBatch;

/** Entry point of the child JVM in {@link H2KpiStoreTest}: opens the store and applies the named runs. */
final class ApplyInAnotherProcess {

    private ApplyInAnotherProcess() {
    }

    static VersionBatch contribution(String runId) {
        return SyntheticRun.overSharedKeys(runId, runId.hashCode(), 200).versions();
    }

    public static void main(String[] args) {
        try (KpiStore store = H2KpiStore.open(Path.of(args[0]))) {
            for (int i = 1; i < args.length; i++) {
                System.out.print("applied " + args[i] + " " + store.applyRun(args[i], contribution(args[i])) + "\n");
            }
        }
    }
}
