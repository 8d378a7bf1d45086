package org.ecomkpi.step.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.ecomkpi.csv.CsvHeader;
import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.row.FileType;
import org.ecomkpi.rules.RuleCode;
import org.junit.jupiter.api.Test;

class RowVerdictTest {

    @Test
    void aRejectKeepsItsReasonAsGivenWhateverTheFileIsCalled() {
        // a file whose name holds another rule's code and ": " (any key a producer chose is legal)
        CsvHeader header = CsvHeader.of("orders/BAD_ID: MISSING_FIELD: x.csv", FileType.ORDERS,
                List.of("order_id", "user_id", "created_at", "status"));
        SourceRow row = new SourceRow(header, 7, new String[] {"", "u1", "2025-01-01T00:00:00Z", "Complete"});

        RowVerdict.Rejected rejected = new RowVerdict.Rejected(row, RuleCode.MISSING_FIELD,
                "order_id is empty: BAD_ID: not this");

        assertEquals("order_id is empty: BAD_ID: not this", rejected.reason());
        assertEquals(RuleCode.MISSING_FIELD, rejected.rule());
        assertEquals("orders/BAD_ID: MISSING_FIELD: x.csv", rejected.file());
        assertEquals(List.of("orders/BAD_ID: MISSING_FIELD: x.csv", "7", "MISSING_FIELD",
                "order_id is empty: BAD_ID: not this", "", "u1", "2025-01-01T00:00:00Z", "Complete"), rejected.staged());
    }
}
