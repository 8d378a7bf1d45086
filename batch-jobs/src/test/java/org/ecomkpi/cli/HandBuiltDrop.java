package org.ecomkpi.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A drop small enough to work its KPIs out by hand: 5 orders over two UTC dates (one moved across midnight by
 * its offset), 8 items (one of an unknown order, rejected), 3 products in categories with a comma and an
 * ampersand. {@link #ORDER_KPIS_CSV} and {@link #CATEGORY_KPIS_CSV} are the KPIs, computed as follows.
 *
 * <pre>
 * 2024-03-01: orders 1 (u1), 3 (u1), 5 (u4, Returned)      -> 3 orders, 1 returned = 0.3333, customers u1 u4 = 2
 *             items 10 5.00, 11 10.50, 13 4.01, 14 4.00, 17 2.00 -> revenue 25.51, 5 items
 * 2024-03-02: orders 2 (u2, returned, 23:30-02:00 on 03-01), 4 (u3, returned_at set) -> 2 orders, rate 1.0000, 2 customers
 *             items 12 9.99, 15 1.25                        -> revenue 11.24, 2 items
 * Toys 03-01:             items 10, 13, 14 (14 returned)    -> 13.01 over orders {1, 3} = 6.505 -> 6.51; 1/3 = 0.3333
 * Toys 03-02:             item 15 (own status complete)     -> 1.25, 1.25, 0.0000
 * "Sports, Outdoors" 03-01: item 11 (returned)              -> 10.50, 10.50, 1.0000
 * "Sports, Outdoors" 03-02: item 12 (returned)              -> 9.99, 9.99, 1.0000
 * Home &amp; Kitchen 03-01: item 17 (returned)               -> 2.00, 2.00, 1.0000
 * </pre>
 */
final class HandBuiltDrop {
    static final String ORDER_KPIS_CSV = """
            order_date,total_orders,total_revenue,total_items_sold,return_rate,unique_customers
            2024-03-01,3,25.51,5,0.3333,2
            2024-03-02,2,11.24,2,1.0000,2
            """;

    static final String CATEGORY_KPIS_CSV = """
            category,order_date,daily_revenue,avg_order_value,avg_return_rate
            Home & Kitchen,2024-03-01,2.00,2.00,1.0000
            "Sports, Outdoors",2024-03-01,10.50,10.50,1.0000
            "Sports, Outdoors",2024-03-02,9.99,9.99,1.0000
            Toys,2024-03-01,13.01,6.51,0.3333
            Toys,2024-03-02,1.25,1.25,0.0000
            """;

    /** One of 8 items is rejected (UNKNOWN_ORDER): 12.5 %, above the default limit of 5 %. */
    static final String REJECT_LIMIT = "20%";

    private HandBuiltDrop() {
    }

    /** Lands the drop in {@code bucket/landing-data/}. */
    static void landIn(Path bucket) throws IOException {
        write(bucket, "products.csv", """
                id,sku,cost,category,retail_price
                p1,S1,2.00,Toys,5.00
                p2,S2,3.00,"Sports, Outdoors",10.00
                p3,S3,1.00,Home & Kitchen,3.00
                """);
        write(bucket, "orders/orders-1.csv", """
                order_id,user_id,created_at,status,returned_at
                1,u1,2024-03-01T10:00:00,Complete,
                2,u2,2024-03-01 23:30:00-02:00,returned,
                3,u1,2024-03-01T12:00:00Z,Shipped,
                4,u3,2024-03-02T08:00:00,complete,2024-03-05T00:00:00
                5,u4,2024-03-01 18:00:00 UTC,Returned,
                """);
        write(bucket, "order_items/items-1.csv", """
                id,order_id,product_id,sale_price,status
                10,1,p1,5.00,complete
                11,1,p2,10.50,returned
                12,2,p2,9.99,returned
                13,3,p1,4.01,shipped
                14,3,p1,4.00,returned
                15,4,p1,1.25,complete
                16,99,p1,3.00,complete
                17,5,p3,2.00,returned
                """);
    }

    static void write(Path bucket, String relative, String content) throws IOException {
        Path file = bucket.resolve("landing-data").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
