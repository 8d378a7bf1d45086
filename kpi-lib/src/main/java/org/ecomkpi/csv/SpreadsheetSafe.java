package org.ecomkpi.csv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * CSV cells made safe to open in a spreadsheet: a cell a spreadsheet would run as a formula (starting with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return) gets a leading apostrophe, which the
 * spreadsheet shows as text. Every CSV the pipeline writes for people (reject archives, {@code kpis --format csv})
 * goes through here.
 *
 * <pre>{@code
 * SpreadsheetSafe.cell("=HYPERLINK(\"http://x\",\"y\")"); // '=HYPERLINK("http://x","y")
 * SpreadsheetSafe.cell("Toys");                            // Toys
 * }</pre>
 */
public final class SpreadsheetSafe {
    private SpreadsheetSafe() {
    }

    /** The cell, with a leading apostrophe when a spreadsheet would execute it. */
    public static String cell(String cell) {
        return runsAsFormula(cell) ? "'" + cell : cell;
    }

    /** Every cell through {@link #cell(String)}, in order: a new, unmodifiable list. */
    public static List<String> cells(List<String> cells) {
        List<String> safe = new ArrayList<>(cells.size());
        for (String cell : cells) {
            safe.add(cell(cell));
        }
        return Collections.unmodifiableList(safe);
    }

    private static boolean runsAsFormula(String cell) {
        if (cell == null || cell.isEmpty()) {
            return false;
        }
        char c = cell.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
