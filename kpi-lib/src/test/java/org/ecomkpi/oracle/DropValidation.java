package org.ecomkpi.oracle;

import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link DuckDbKpiOracle#validateAndComputeCurrent} read and rejected: rows per batch and file type
 * ({@code "batch 1 orders"}), rejects per batch, file type and rule ({@code "batch 1 orders BAD_ID"}).
 */
public record DropValidation(Map<String, Long> rowsRead, Map<String, Long> rejects) {

    public DropValidation {
        rowsRead = new TreeMap<>(rowsRead);
        rejects = new TreeMap<>(rejects);
    }

    /** Rejected rows of one batch's file type (from 1; {@code orders}, {@code order_items}, {@code products}). */
    public long rejected(int batch, String fileType) {
        String prefix = "batch " + batch + " " + fileType + " ";
        return rejects.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
    }

    /** Rejects of one rule in one batch and file type. */
    public long rejected(int batch, String fileType, String rule) {
        return rejects.getOrDefault("batch " + batch + " " + fileType + " " + rule, 0L);
    }

    /** Throws when a batch's file type has more rejects than {@code limit} of its rows: the pipeline would fail it. */
    public void requireWithinRejectLimit(double limit) {
        rowsRead.forEach((key, rows) -> {
            String[] parts = key.split(" ");
            long rejected = rejected(Integer.parseInt(parts[1]), parts[2]);
            if (rows > 0 && rejected > limit * rows) {
                throw new IllegalArgumentException(key + ": " + rejected + " of " + rows
                        + " rows rejected, above the reject limit; the pipeline would reject the whole batch");
            }
        });
    }
}
