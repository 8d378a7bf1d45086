package org.ecomkpi.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SpreadsheetSafeTest {
    @Test
    void cellsASpreadsheetWouldExecuteGetALeadingApostrophe() {
        assertEquals(List.of("'=1+2", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx"),
                SpreadsheetSafe.cells(List.of("=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx")));
    }

    @Test
    void otherCellsAreLeftAsTheyAre() {
        assertEquals(Arrays.asList("Toys", "", " =1", "1.00", "'quoted", null),
                SpreadsheetSafe.cells(Arrays.asList("Toys", "", " =1", "1.00", "'quoted", null)));
    }

    @Test
    void theSafeCellsAreANewListNobodyCanChange() {
        List<String> cells = Arrays.asList("=1", "Toys");
        List<String> safe = SpreadsheetSafe.cells(cells);
        cells.set(1, "Books");

        assertEquals(List.of("'=1", "Toys"), safe);
        assertThrows(UnsupportedOperationException.class, () -> safe.set(0, "=1"));
    }
}
