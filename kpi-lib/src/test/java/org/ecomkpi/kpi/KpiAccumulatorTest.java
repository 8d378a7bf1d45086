package org.ecomkpi.kpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class KpiAccumulatorTest {
    private static final LocalDate DAY = LocalDate.parse("2025-03-30");

    private static ItemFact item(String order, String category, String price, boolean returned, boolean first) {
        return new ItemFact(order + "-" + category + "-" + price, order, DAY, category, new BigDecimal(price), returned, first);
    }

    @Test
    void orderDayRowFollowsTheDefinitions() {
        KpiAccumulator acc = new KpiAccumulator();
        acc.add(new OrderFact("1", DAY, "u1", false));
        acc.add(new OrderFact("2", DAY, "u1", true));
        acc.add(new OrderFact("3", DAY, "u2", false));
        acc.add(item("1", "Toys", "10.005", false, true));
        acc.add(item("2", "Toys", "0.10", true, true));
        acc.add(item("2", "Books", "5", true, true));

        OrderDayKpi row = acc.orderKpis().get(0);
        assertEquals(new OrderDayKpi(DAY, 3, new BigDecimal("15.11"), 3, new BigDecimal("0.3333"), 2), row);
    }

    @Test
    void categoryDayRowCountsDistinctOrdersAndItemReturns() {
        KpiAccumulator acc = new KpiAccumulator();
        acc.add(item("1", "Toys", "10.00", false, true));
        acc.add(item("1", "Toys", "5.00", true, false));
        acc.add(item("2", "Toys", "0.01", false, true));

        CategoryDayKpi toys = acc.categoryKpis().get(0);
        // 15.01 / 2 orders = 7.505 -> 7.51 half-up; 1 of 3 items returned
        assertEquals(new CategoryDayKpi("Toys", DAY, new BigDecimal("15.01"), new BigDecimal("7.51"),
                new BigDecimal("0.3333")), toys);
    }

    @Test
    void moneyIsExactDecimalNotBinaryFloatingPoint() {
        KpiAccumulator acc = new KpiAccumulator();
        acc.add(new OrderFact("1", DAY, "u", false));
        for (int i = 0; i < 10; i++) {
            acc.add(item("1", "Toys", "0.1", false, i == 0));
        }
        assertEquals(new BigDecimal("1.00"), acc.orderKpis().get(0).totalRevenue());
        assertEquals(new BigDecimal("1.00"), acc.categoryKpis().get(0).avgOrderValue());
    }

    @Test
    void halfwayRatesRoundUp() {
        KpiAccumulator acc = new KpiAccumulator();
        // 1 returned of 16 orders = 0.0625 exactly; 1 of 32 items = 0.03125 -> 0.0313
        for (int i = 0; i < 16; i++) {
            acc.add(new OrderFact("o" + i, DAY, "u" + i, i == 0));
        }
        for (int i = 0; i < 32; i++) {
            acc.add(item("o" + (i % 16), "Toys", "1", i == 0, i < 16));
        }
        assertEquals(new BigDecimal("0.0625"), acc.orderKpis().get(0).returnRate());
        assertEquals(new BigDecimal("0.0313"), acc.categoryKpis().get(0).avgReturnRate());
    }

    @Test
    void mergingDisjointBatchesEqualsAccumulatingTheirUnion() {
        Random random = new Random(42);
        KpiAccumulator whole = new KpiAccumulator();
        KpiAccumulator[] parts = {new KpiAccumulator(), new KpiAccumulator(), new KpiAccumulator()};
        String[] categories = {"Toys", "Home & Kitchen", "Électronique", "家居"};
        for (int o = 0; o < 3000; o++) {
            KpiAccumulator part = parts[random.nextInt(parts.length)];
            LocalDate date = DAY.plusDays(random.nextInt(5));
            OrderFact order = new OrderFact("o" + o, date, "u" + random.nextInt(400), random.nextInt(10) == 0);
            whole.add(order);
            part.add(order);
            int items = 1 + random.nextInt(4);
            boolean[] seen = new boolean[categories.length];
            for (int i = 0; i < items; i++) {
                int c = random.nextInt(categories.length);
                ItemFact fact = new ItemFact(o + "/" + i, order.orderId(), date, categories[c],
                        BigDecimal.valueOf(random.nextInt(100_000), 2), random.nextInt(7) == 0, !seen[c]);
                seen[c] = true;
                whole.add(fact);
                part.add(fact);
            }
        }
        KpiAccumulator merged = new KpiAccumulator();
        for (KpiAccumulator part : parts) {
            merged.merge(KpiAccumulator.fromBytes(part.toBytes()));
        }
        assertEquals(whole.orderKpis(), merged.orderKpis());
        assertEquals(whole.categoryKpis(), merged.categoryKpis());
    }

    @Test
    void mergeLeavesTheOtherAccumulatorUnchanged() {
        KpiAccumulator a = new KpiAccumulator();
        a.add(new OrderFact("1", DAY, "u1", false));
        KpiAccumulator b = new KpiAccumulator();
        b.add(new OrderFact("2", DAY, "u2", false));
        byte[] before = b.toBytes();
        a.merge(b);
        assertArrayEquals(before, b.toBytes());
        assertEquals(2, a.orderKpis().get(0).totalOrders());
    }

    @Test
    void stateRoundTripsThroughBytesExactly() {
        KpiAccumulator acc = new KpiAccumulator();
        acc.add(new OrderFact("1", DAY, "u1", true));
        acc.add(item("1", "Home & Kitchen", "12345678901234567890.123456789", true, true));
        byte[] bytes = acc.toBytes();
        KpiAccumulator back = KpiAccumulator.fromBytes(bytes);
        assertArrayEquals(bytes, back.toBytes());
        assertEquals(acc.orderKpis(), back.orderKpis());
        assertEquals(acc.categoryKpis(), back.categoryKpis());
        assertEquals(new BigDecimal("12345678901234567890.123456789"),
                back.categoryDays().values().iterator().next().revenue());
    }

    @Test
    void stateOfAnotherKindOrVersionIsRefusedWithAClearMessage() {
        byte[] category = new CategoryDayAccumulator().toBytes();
        IllegalArgumentException wrongKind = assertThrows(IllegalArgumentException.class,
                () -> OrderDayAccumulator.fromBytes(category));
        assertTrue(wrongKind.getMessage().contains("not order-day state"), wrongKind.getMessage());
        byte[] future = new OrderDayAccumulator().toBytes();
        future[1] = 99;
        IllegalArgumentException wrongVersion = assertThrows(IllegalArgumentException.class,
                () -> OrderDayAccumulator.fromBytes(future));
        assertTrue(wrongVersion.getMessage().contains("version 99"), wrongVersion.getMessage());
        byte[] cut = new KpiAccumulator().toBytes();
        assertThrows(IllegalArgumentException.class,
                () -> KpiAccumulator.fromBytes(java.util.Arrays.copyOf(cut, cut.length - 1)));
    }

    @Test
    void uniqueCustomersAreExactUpTo16384AcrossMerges() {
        OrderDayAccumulator a = new OrderDayAccumulator();
        OrderDayAccumulator b = new OrderDayAccumulator();
        for (int i = 0; i < 16_384; i++) {
            // the halves overlap by 4,000 customers: repeat customers on the same day count once
            (i < 10_000 ? a : b).addOrder(new OrderFact("o" + i, DAY, "customer-" + i, false));
            if (i >= 6_000 && i < 10_000) {
                b.addOrder(new OrderFact("p" + i, DAY, "customer-" + i, false));
            }
        }
        OrderDayAccumulator merged = OrderDayAccumulator.fromBytes(a.toBytes());
        merged.merge(OrderDayAccumulator.fromBytes(b.toBytes()));
        assertTrue(merged.customersExact());
        assertEquals(16_384, merged.uniqueCustomers());
        assertEquals(20_384, merged.orders());
    }

    @Test
    void beyond16384CustomersTheSketchStaysWithinThreeStandardErrors() {
        OrderDayAccumulator day = new OrderDayAccumulator();
        int distinct = 200_000;
        for (int i = 0; i < distinct; i++) {
            day.addOrder(new OrderFact("o" + i, DAY, "c" + i, false));
        }
        assertFalse(day.customersExact());
        double relativeError = Math.abs(day.uniqueCustomers() - distinct) / (double) distinct;
        // RSE is 1/sqrt(16384) = 0.78 %; three standard errors bound a deterministic hash's error
        assertTrue(relativeError < 3 * 0.0078, "relative error " + relativeError);
    }

    @Test
    void aYearOfDailyStateStaysCompact() {
        KpiAccumulator year = new KpiAccumulator();
        String[] categories = new String[20];
        for (int c = 0; c < categories.length; c++) {
            categories[c] = "Category " + c;
        }
        int order = 0;
        for (int d = 0; d < 365; d++) {
            LocalDate date = DAY.plusDays(d);
            for (int o = 0; o < 300; o++, order++) {
                year.add(new OrderFact("o" + order, date, "u" + (order % 5000), false));
                year.add(new ItemFact("i" + order, "o" + order, date, categories[order % 20], new BigDecimal("12.34"), false, true));
            }
        }
        int size = year.toBytes().length;
        // 8 bytes per retained customer hash (300 a day) plus at most 64 bytes per table row
        int bound = 365 * 300 * 8 + 64 * (365 + 365 * categories.length);
        assertTrue(size < bound, "year of state is " + size + " bytes, more than " + bound);
        System.out.println("KPI state for a year of daily data (300 orders, 20 categories a day): " + size + " bytes");
        assertEquals(List.copyOf(year.orderKpis()), KpiAccumulator.fromBytes(year.toBytes()).orderKpis());
    }
}
