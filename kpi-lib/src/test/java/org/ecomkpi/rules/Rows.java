package org.ecomkpi.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ecomkpi.csv.CsvHeader;
import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.row.FileType;

/** Builds source rows for tests: a valid row of each type, with named cells changed or blanked. */
final class Rows {
    private Rows() {
    }

    static SourceRow product(String... changes) {
        return row(FileType.PRODUCTS, base("id", "100", "sku", "SKU-100", "cost", "5.00", "category", "Home & Kitchen",
                "retail_price", "9.99", "name", "Kettle", "brand", ""), changes);
    }

    static SourceRow order(String... changes) {
        return row(FileType.ORDERS, base("order_id", "1", "user_id", "7", "created_at", "2025-03-30T16:14:26",
                "status", "Complete", "shipped_at", "", "delivered_at", "", "returned_at", "", "num_of_item", ""),
                changes);
    }

    static SourceRow item(String... changes) {
        return row(FileType.ORDER_ITEMS, base("id", "10", "order_id", "1", "product_id", "100", "sale_price", "19.99",
                "status", "Complete", "created_at", "2025-03-30T16:20:00", "shipped_at", "", "delivered_at", "",
                "returned_at", "", "user_id", "7"), changes);
    }

    private static Map<String, String> base(String... pairs) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            cells.put(pairs[i], pairs[i + 1]);
        }
        return cells;
    }

    private static SourceRow row(FileType type, Map<String, String> cells, String... changes) {
        for (int i = 0; i < changes.length; i += 2) {
            cells.put(changes[i], changes[i + 1]);
        }
        List<String> names = new ArrayList<>(cells.keySet());
        CsvHeader header = CsvHeader.of(type.folder() + "/test.csv", type, names);
        return new SourceRow(header, 2, cells.values().toArray(String[]::new));
    }
}
