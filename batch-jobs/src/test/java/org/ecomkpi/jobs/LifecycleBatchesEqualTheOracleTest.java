package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.generate.Change;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.ecomkpi.oracle.OracleCategoryDay;
import org.ecomkpi.oracle.OracleKpis;
import org.ecomkpi.oracle.OracleOrderDay;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.FileTally;
import org.ecomkpi.run.StepTally;
import org.ecomkpi.jberet.LaunchResult;
import org.ecomkpi.store.KpiStore;
import org.ecomkpi.rules.RuleCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 5 "Orders change" through the real validate and transform jobs on the embedded store: a generated drop,
 * then three batches re-sending its orders and items with late and cancelled returns, moved created_at, corrected
 * customers and prices, late items, re-categorised products and orders sent twice. After every run both KPI
 * tables must equal DuckDB's SQL over the current versions of every row accepted so far, derived from the
 * archives alone.
 */
class LifecycleBatchesEqualTheOracleTest {
    @TempDir
    static Path dir;

    static PipelineRuns pipeline;
    static List<DropSummary> batches;
    static final List<String> runs = new ArrayList<>();
    static final List<List<OracleOrderDay>> storedOrders = new ArrayList<>();
    static final List<List<OracleCategoryDay>> storedCategories = new ArrayList<>();
    static final List<OracleKpis> oracles = new ArrayList<>();

    @BeforeAll
    static void runEveryBatch() throws Exception {
        DropSpec spec = DropSpec.builder(6_000, 15, 1201L).build();
        batches = new DropGenerator(spec).writeLifecycle(dir.resolve("drop"), 3);
        pipeline = new PipelineRuns(dir);
        for (int i = 0; i < batches.size(); i++) {
            String run = "batch-" + (i + 1);
            pipeline.land(batches.get(i).landingData());
            List<LaunchResult> results = pipeline.runBoth(run);
            assertEquals("VALIDATED", results.get(0).exitStatus(), results.toString());
            assertEquals("PROCESSED", results.get(1).exitStatus(), results.toString());
            runs.add(run);
            try (KpiStore store = KpiStore.at(pipeline.storeSpec())) {
                storedOrders.add(PipelineRuns.asOracle(store.orderKpis(Optional.empty())));
                storedCategories.add(PipelineRuns.asOracleCategories(store.categoryKpis(Optional.empty(), Optional.empty())));
            }
            oracles.add(pipeline.oracleOverCurrentVersions(dir.resolve("accepted-" + run), runs.toArray(String[]::new)));
        }
    }

    @Test
    void afterEveryRunBothKpiTablesEqualTheOracleOverCurrentVersions() {
        for (int i = 0; i < batches.size(); i++) {
            assertEquals(15, oracles.get(i).orderDays().size(), "dates after run " + (i + 1));
            assertEquals(oracles.get(i).orderDays(), storedOrders.get(i), "order_kpi_table after run " + (i + 1));
            assertEquals(oracles.get(i).categoryDays(), storedCategories.get(i), "category_kpi_table after run " + (i + 1));
        }
    }

    @Test
    void everyChangeRunChangesTheKpis() {
        for (int i = 1; i < batches.size(); i++) {
            assertNotEquals(storedOrders.get(i - 1), storedOrders.get(i), "run " + (i + 1));
        }
    }

    @Test
    void lateItemsAreAcceptedAndTheSecondCopyOfAnOrderIsADuplicate() {
        Bucket bucket = Bucket.at(pipeline.bucket.toString());
        for (int i = 1; i < batches.size(); i++) {
            DropSummary planted = batches.get(i);
            assertTrue(planted.changes(Change.LATE_ITEM) > 0);
            Map<String, FileTally> items = StepTally.readFrom(bucket, runs.get(i), FileType.ORDER_ITEMS).orElseThrow().files();
            Map<String, FileTally> orders = StepTally.readFrom(bucket, runs.get(i), FileType.ORDERS).orElseThrow().files();
            long unknownOrder = items.values().stream().mapToLong(f -> f.rejectedByRule().getOrDefault(RuleCode.UNKNOWN_ORDER, 0L)).sum();
            long duplicates = orders.values().stream().mapToLong(f -> f.rejectedByRule().getOrDefault(RuleCode.DUPLICATE_KEY, 0L)).sum();
            assertEquals(0, unknownOrder, "run " + (i + 1) + ": late items are valid");
            assertEquals(planted.changes(Change.RESENT_TWICE), duplicates, "run " + (i + 1));
        }
    }
}
