package org.ecomkpi.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.ecomkpi.row.FileType;

/**
 * How one generated file looks: which columns in which order and spelling, line ends, byte-order mark,
 * quoting. Real producers differ in all of these, so the generator cycles through a few layouts per file type.
 */
record FileLayout(List<Field> columns, List<String> headerNames, boolean crlf, boolean bom, boolean quoteAll) {

    private static final List<FileLayout> ORDERS = List.of(
            of("order_id,user_id,status,created_at,returned_at,shipped_at,delivered_at,num_of_item,gender", false, true, false),
            of("created_at,Status,Order_ID,num_of_item,USER_ID,delivered_at,shipped_at,returned_at,traffic_source", true, false, true),
            of(" user_id ,order_id,created_at,status,num_of_item,returned_at,shipped_at,gender,traffic_source", true, true, false));

    private static final List<FileLayout> ORDER_ITEMS = List.of(
            of("id,order_id,user_id,product_id,inventory_item_id,status,created_at,shipped_at,delivered_at,returned_at,sale_price", false, false, false),
            of("sale_price,Product_Id,order_id,id,status,returned_at,created_at,inventory_item_id", true, true, false),
            // no status and no returned_at: every item of such a file takes its order's returned state
            of("order_id,id,product_id,sale_price,user_id,created_at", false, true, false));

    private static final FileLayout PRODUCTS =
            of("id,cost,category,name,brand,retail_price,department,sku,distribution_center_id", true, false, false);

    /** The layout of the {@code part}-th orders or order_items file, or of the products file. */
    static FileLayout forPart(FileType type, int part) {
        return switch (type) {
            case ORDERS -> ORDERS.get(part % ORDERS.size());
            case ORDER_ITEMS -> ORDER_ITEMS.get(part % ORDER_ITEMS.size());
            case PRODUCTS -> PRODUCTS;
        };
    }

    boolean has(Field field) {
        return columns.contains(field);
    }

    private static FileLayout of(String header, boolean crlf, boolean bom, boolean quoteAll) {
        List<Field> fields = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String name : header.split(",")) {
            fields.add(Field.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            names.add(name);
        }
        return new FileLayout(List.copyOf(fields), List.copyOf(names), crlf, bom, quoteAll);
    }
}
