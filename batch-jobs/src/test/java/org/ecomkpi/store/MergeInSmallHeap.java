package org.ecomkpi.store;

import java.nio.file.Path;

import org.ecomkpi.kpi.VersionBatch;

/**
 * Entry point of the child JVM in {@link H2SlicedMergeTest}: merges one run of generated parts, each made only
 * when the store reads it, so the child's heap holds what the merge holds and never the whole batch.
 * Arguments: store path, parts, orders per part, slice size (0: the store's own, from the heap).
 */
final class MergeInSmallHeap {

    private MergeInSmallHeap() {
    }

    /** Part {@code part} of the big run: new orders (ids unique to the part) and their items. */
    static VersionBatch part(int part, int ordersPerPart) {
        return SyntheticRun.overSharedKeys("big-" + part, part, ordersPerPart).versions();
    }

    public static void main(String[] args) {
        int parts = Integer.parseInt(args[1]);
        int ordersPerPart = Integer.parseInt(args[2]);
        int sliceSize = Integer.parseInt(args[3]);
        try (KpiStore store = sliceSize == 0 ? H2KpiStore.open(Path.of(args[0]))
                : H2KpiStore.open(Path.of(args[0]), sliceSize)) {
            boolean applied = store.applyRun(new RunContribution("big", VersionParts.of(parts,
                    part -> part(part, ordersPerPart)), java.util.List.of(), java.util.List.of()));
            Runtime runtime = Runtime.getRuntime();
            System.out.print("applied big " + applied + " in a heap of " + runtime.maxMemory() / (1 << 20) + " MiB\n");
        }
    }
}
