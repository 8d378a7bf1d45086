package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayState;
import org.ecomkpi.kpi.DayCustomer;
import org.ecomkpi.kpi.OrderDayState;
import org.ecomkpi.kpi.OrderEntity;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.row.Product;
import org.junit.jupiter.api.Test;

class WriteAheadPlanTest {

    /** The state of a store that has never applied a run. */
    private static final StateReader EMPTY = new StateReader() {
        @Override
        public Map<String, String> itemOrders(Collection<String> itemIds) {
            return Map.of();
        }

        @Override
        public Map<String, OrderEntity> orders(Collection<String> orderIds) {
            return Map.of();
        }

        @Override
        public Map<DayCustomer, Long> customers(Collection<DayCustomer> keys) {
            return Map.of();
        }

        @Override
        public Map<LocalDate, OrderDayState> orderDays(Collection<LocalDate> dates) {
            return Map.of();
        }

        @Override
        public Map<CategoryDay, CategoryDayState> categoryDays(Collection<CategoryDay> keys) {
            return Map.of();
        }
    };

    @Test
    void aPlanLargerThanOneChunkComesBackWholeFromItsChunks() {
        VersionBatch run = new SyntheticRun("big", 3, 40_000, SyntheticRun.DATES, SyntheticRun.CATEGORIES, 5_000)
                .versions();
        MergePlan plan = MergePlan.of(run, EMPTY);
        List<Product> products = List.of(
                new Product("p1", "SKU-1", new java.math.BigDecimal("1.10"), "Jeans", new java.math.BigDecimal("2"),
                        Optional.of("Straight jeans"), Optional.empty(), Optional.of("Men")));
        WriteAheadPlan written = new WriteAheadPlan("big", plan, products, 3);

        List<byte[]> chunks = written.toChunks();

        assertTrue(chunks.size() > 1, chunks.size() + " chunks");
        assertTrue(chunks.stream().allMatch(chunk -> chunk.length <= WriteAheadPlan.CHUNK_BYTES));
        WriteAheadPlan read = WriteAheadPlan.fromChunks(chunks);
        assertEquals(written.runId(), read.runId());
        assertEquals(written.files(), read.files());
        assertEquals(plan, read.plan());
        assertEquals(products, read.products());
    }

    @Test
    void anEmptyPlanIsOneChunk() {
        WriteAheadPlan empty = new WriteAheadPlan("r0", MergePlan.of(new VersionBatch(), EMPTY), List.of(), 0);

        List<byte[]> chunks = empty.toChunks();

        assertEquals(1, chunks.size());
        assertEquals(empty.plan(), WriteAheadPlan.fromChunks(chunks).plan());
    }
}
