package org.ecomkpi.store;

import java.nio.file.Path;

/**
 * Entry point of the child JVM in {@link H2StateRecoveryTest}: opens the store with slices of {@code args[1]}
 * versions and applies run {@code r2} of {@link H2StateRecoveryTest#second()}, halting the JVM — no shutdown hooks,
 * no close, as a SIGKILL would — at the {@code args[2]}th stop check of the apply.
 */
final class HaltMidMerge {

    private HaltMidMerge() {
    }

    public static void main(String[] args) {
        int haltAt = Integer.parseInt(args[2]);
        H2KpiStore store = H2KpiStore.open(Path.of(args[0]), Integer.parseInt(args[1]));
        int[] checks = {0};
        store.applyRun(new RunContribution("r2", H2StateRecoveryTest.second(), java.util.List.of(),
                java.util.List.of()), () -> {
                    if (++checks[0] == haltAt) {
                        System.out.print("halting at check " + haltAt + "\n");
                        System.out.flush();
                        Runtime.getRuntime().halt(137);
                    }
                    return false;
                });
        System.out.print("applied after " + checks[0] + " checks\n");
    }
}
