package org.ecomkpi.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle on a drop small enough to work out by hand. Dates after offsets are applied:
 * o1 2024-03-01 23:30-02:00 is 2024-03-02 01:30 UTC; o5 2024-03-02 09:00+05:30 is 2024-03-02 03:30 UTC.
 */
class DuckDbKpiOracleTest {
    private static final LocalDate MARCH_1 = LocalDate.of(2024, 3, 1);
    private static final LocalDate MARCH_2 = LocalDate.of(2024, 3, 2);

    @TempDir
    Path dir;

    private Path orders;
    private Path items;
    private Path products;

    private void writeHandBuiltDrop() throws IOException {
        orders = write("orders.csv", "\uFEFFOrder_ID,created_at,user_id,Status,returned_at,num_of_item\r\n"
                + "o1,2024-03-01 23:30:00-02:00,u1,Complete,,2\r\n"                    // crosses midnight into March 2
                + "o2,2024-03-02T10:00:00,u2,returned,,2\r\n"                          // returned by status
                + "o3,2024-03-01 08:00:00 UTC,u1,shipped,,1\r\n"
                + "o4,2024-03-01 12:00:00.5+00:00,u3,delivered,2024-03-05 10:00:00 UTC,1\r\n" // returned by returned_at
                + "o5,2024-03-02 09:00:00+05:30,u2,CANCELLED,,1\r\n");
        items = write("order_items.csv", "id,order_id,user_id,product_id,sale_price,status,returned_at\n"
                + "i1,o1,u1,p1,10.00,Complete,2024-03-06 10:00:00+00:00\n" // returned by its own returned_at
                + "i2,o1,u1,p2,5.25,Returned,\n"
                + "i3,o2,u2,p1,20,,\n"                                   // neither value: takes o2's returned state
                + "i4,o2,u2,p3,0.01,complete,\n"                         // own state wins over o2's
                + "i5,o3,u1,p2,7.50,,2024-03-04 10:00:00\n"
                + "i6,o4,u3,p1,3.33,,\n"                                 // neither value: o4 is returned
                + "i7,o5,u2,p2,2.00,cancelled,\n");
        products = write("products.csv", "id,sku,cost,category,retail_price,name,brand\n"
                + "p1,a1,1.00,Home & Kitchen,12.00,\"Kettle, \"\"Steel\"\"\nLarge\",\n"
                + "p2,a2,1.00,Électronique,9.00,Radio,Acme\n"
                + "p3,a3,1.00,Home & Kitchen,1.00,Spoon,\n");
    }

    @Test
    void orderTableFollowsTheSpecDefinitions() throws Exception {
        writeHandBuiltDrop();
        OracleKpis kpis = DuckDbKpiOracle.compute(orders, items, products);
        assertEquals(List.of(
                // o3, o4: 7.50 + 3.33; o4 returned of 2; customers u1, u3
                new OracleOrderDay(MARCH_1, 2, new BigDecimal("10.83"), 2, new BigDecimal("0.5000"), 2),
                // o1, o2, o5: 10.00 + 5.25 + 20 + 0.01 + 2.00; o2 returned of 3; customers u1, u2
                new OracleOrderDay(MARCH_2, 3, new BigDecimal("37.26"), 5, new BigDecimal("0.3333"), 2)),
                kpis.orderDays());
    }

    @Test
    void categoryTableFollowsTheSpecDefinitionsAndRoundsHalfUp() throws Exception {
        writeHandBuiltDrop();
        OracleKpis kpis = DuckDbKpiOracle.compute(orders, items, products);
        assertEquals(List.of(
                // i6 of o4, returned with its order
                new OracleCategoryDay("Home & Kitchen", MARCH_1, new BigDecimal("3.33"), new BigDecimal("3.33"), new BigDecimal("1.0000")),
                // i1 (o1), i3 + i4 (o2): 30.01 over 2 orders = 15.005 -> 15.01; i1 and i3 returned of 3
                new OracleCategoryDay("Home & Kitchen", MARCH_2, new BigDecimal("30.01"), new BigDecimal("15.01"), new BigDecimal("0.6667")),
                // i5 returned by its own returned_at
                new OracleCategoryDay("Électronique", MARCH_1, new BigDecimal("7.50"), new BigDecimal("7.50"), new BigDecimal("1.0000")),
                // i2 (o1) returned, i7 (o5) not: 7.25 over 2 orders = 3.625 -> 3.63
                new OracleCategoryDay("Électronique", MARCH_2, new BigDecimal("7.25"), new BigDecimal("3.63"), new BigDecimal("0.5000"))),
                kpis.categoryDays());
    }

    @Test
    void itemsWithoutStatusColumnsTakeTheirOrdersReturnedState() throws Exception {
        writeHandBuiltDrop();
        Path bare = write("bare_items.csv", "order_id,id,product_id,sale_price\n"
                + "o1,i1,p1,1.00\n" + "o2,i2,p1,1.00\n" + "o2,i3,p1,1.00\n");
        OracleKpis kpis = DuckDbKpiOracle.compute(orders, bare, products);
        // o1 is not returned, o2 is: i2 and i3 count as returned, i1 does not
        assertEquals(List.of(new OracleCategoryDay("Home & Kitchen", MARCH_2, new BigDecimal("3.00"), new BigDecimal("1.50"),
                new BigDecimal("0.6667"))), kpis.categoryDays());
    }

    @Test
    void ordersWithoutItemsStillCountAsOrders() throws Exception {
        writeHandBuiltDrop();
        Path oneItem = write("one_item.csv", "id,order_id,product_id,sale_price\n" + "i1,o2,p1,4.00\n");
        OracleKpis kpis = DuckDbKpiOracle.compute(orders, oneItem, products);
        assertEquals(new OracleOrderDay(MARCH_2, 3, new BigDecimal("4.00"), 1, new BigDecimal("0.3333"), 2),
                kpis.orderDay(MARCH_2).orElseThrow());
        assertEquals(new OracleOrderDay(MARCH_1, 2, new BigDecimal("0.00"), 0, new BigDecimal("0.5000"), 2),
                kpis.orderDay(MARCH_1).orElseThrow());
        assertEquals(1, kpis.categoryDays().size());
    }

    @Test
    void rowsThatCannotAllBeAcceptedAreRefused() throws Exception {
        writeHandBuiltDrop();
        Path dangling = write("dangling.csv", "id,order_id,product_id,sale_price\n" + "i1,o9,p1,4.00\n");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DuckDbKpiOracle.compute(orders, dangling, products));
        assertTrue(error.getMessage().contains("item without its order"), error.getMessage());
        Path twice = write("twice.csv", "id,sku,cost,category,retail_price\n" + "p1,a,1,A,2\n" + "p1,a,1,B,2\n");
        assertThrows(IllegalArgumentException.class, () -> DuckDbKpiOracle.compute(orders, items, twice));
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
