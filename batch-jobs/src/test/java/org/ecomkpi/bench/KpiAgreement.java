package org.ecomkpi.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Whether two exports of a KPI table agree cell for cell: rows matched by key, every attribute compared, numbers
 * as exact decimals ({@code 0.10} equals {@code 0.1}; anything else differs), keys as text. Prints one line per
 * table and the first differences; exits 1 when they differ.
 *
 * <pre>
 * java -cp CLASSPATH org.ecomkpi.bench.KpiAgreement TABLE OURS.json THEIRS.json KEY_COLUMN...
 * </pre>
 */
public final class KpiAgreement {
    private static final int SHOWN = 10;

    private KpiAgreement() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: KpiAgreement TABLE OURS.json THEIRS.json KEY_COLUMN...");
            System.exit(2);
        }
        List<String> keys = List.of(args).subList(3, args.length);
        Map<List<String>, Map<String, FlatJson.Cell>> ours = byKey(Path.of(args[1]), keys);
        Map<List<String>, Map<String, FlatJson.Cell>> theirs = byKey(Path.of(args[2]), keys);
        List<String> differences = new ArrayList<>();
        long cells = 0;
        for (List<String> key : ours.keySet()) {
            Map<String, FlatJson.Cell> theirRow = theirs.get(key);
            if (theirRow == null) {
                differences.add(key + ": only in ours");
                continue;
            }
            Map<String, FlatJson.Cell> ourRow = ours.get(key);
            TreeSet<String> columns = new TreeSet<>(ourRow.keySet());
            columns.addAll(theirRow.keySet());
            for (String column : columns) {
                cells++;
                if (!same(ourRow.get(column), theirRow.get(column))) {
                    differences.add(key + " " + column + ": ours " + text(ourRow.get(column)) + ", theirs "
                            + text(theirRow.get(column)));
                }
            }
        }
        for (List<String> key : theirs.keySet()) {
            if (!ours.containsKey(key)) {
                differences.add(key + ": only in theirs");
            }
        }
        if (differences.isEmpty()) {
            System.out.printf("%s: agree, %d rows, %d cells%n", args[0], ours.size(), cells);
            return;
        }
        System.out.printf("%s: DIFFER in %d places (%d rows ours, %d theirs)%n", args[0], differences.size(),
                ours.size(), theirs.size());
        differences.stream().limit(SHOWN).forEach(d -> System.out.println("  " + d));
        System.exit(1);
    }

    private static Map<List<String>, Map<String, FlatJson.Cell>> byKey(Path file, List<String> keys) throws Exception {
        Map<List<String>, Map<String, FlatJson.Cell>> rows = new LinkedHashMap<>();
        for (Map<String, FlatJson.Cell> row : FlatJson.parseRows(Files.readString(file, StandardCharsets.UTF_8))) {
            List<String> key = keys.stream().map(k -> text(row.get(k))).toList();
            if (rows.put(key, row) != null) {
                throw new IllegalArgumentException(file + ": key " + key + " twice");
            }
        }
        return rows;
    }

    private static boolean same(FlatJson.Cell a, FlatJson.Cell b) {
        if (a == null || b == null || a.number() != b.number()) {
            return false;
        }
        return a.number() ? new BigDecimal(a.text()).compareTo(new BigDecimal(b.text())) == 0
                : Objects.equals(a.text(), b.text());
    }

    private static String text(FlatJson.Cell cell) {
        return cell == null ? "(none)" : cell.text();
    }
}
