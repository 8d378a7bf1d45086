package org.ecomkpi.store;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.KpiAccumulator;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.row.Product;
import org.ecomkpi.validation.ProductCatalogue;

/**
 * Where KPIs, the product catalogue and the memory of processed files live: an embedded H2 file
 * ({@link H2KpiStore}) or DynamoDB ({@link DynamoDbKpiStore}). {@code KpiStoreContract} (test sources) pins the
 * contract down.
 *
 * <h2>The KPI tables</h2>
 * {@code order_kpi_table} (key {@code order_date}) and {@code category_kpi_table} (keys {@code category},
 * {@code order_date}) hold, per key, the KPI attributes of SPEC section 5 as exact decimals, and an internal
 * {@code kpi_state} attribute: the serialised accumulator the next run's contribution is merged into.
 *
 * <h2>Exactly once</h2>
 * {@link #applyRun(RunContribution)} merges a run's contribution, upserts its products and records its file
 * hashes as one step keyed by the run id: applying a run id a second time (a retry, a restart, a replayed
 * event) changes nothing and returns false; concurrent applies of different runs touching the same keys are
 * all counted. Recording hashes is part of the apply, never a separate step, so a crash can never leave a file
 * counted but not remembered, or remembered but not counted.
 *
 * <p>H2 makes the step one transaction. DynamoDB has no transaction that large, so there the step is
 * resumable instead: a crash half-way can leave some keys merged (and readable) while the run is not yet
 * applied; applying the same contribution again skips those keys, merges the rest and only then records the
 * run and its files (see {@link DynamoDbKpiStore}).
 *
 * <p>Implementations are safe for use by many threads and by several processes sharing the same store.
 */
public interface KpiStore extends AutoCloseable {

    /**
     * Opens the store a spec names: {@code h2:<path>} for an H2 database file at {@code <path>} (created
     * when missing; {@code <path>.mv.db} on disk), or {@code dynamodb} for the DynamoDB tables of
     * {@link DynamoDbKpiStore#fromEnvironment()} (region, credentials and {@code AWS_ENDPOINT_URL} from the SDK's
     * default chains, table names from {@code PIPELINE_*_TABLE}).
     */
    static KpiStore at(String spec) {
        if (spec.startsWith("h2:")) {
            String path = spec.substring("h2:".length());
            if (path.isBlank()) {
                throw new IllegalArgumentException("store '" + spec + "': no path after 'h2:' (e.g. h2:./.pipeline/store)");
            }
            return H2KpiStore.open(Path.of(path));
        }
        if (spec.equals(DynamoDbKpiStore.SPEC)) {
            return DynamoDbKpiStore.fromEnvironment();
        }
        throw new IllegalArgumentException("unknown store '" + spec + "' (use h2:<path> or dynamodb)");
    }

    /** The spec this store was opened with, for messages and logs. */
    String spec();

    /**
     * Applies a run's contribution exactly once: merges its KPI state into both tables, upserts its products
     * into the catalogue and records its file hashes, all or nothing (on DynamoDB: or, after a crash, part of it
     * until the same contribution is applied again).
     *
     * @return true when this call applied the run; false when the run id had been applied before (nothing
     *         changed)
     * @throws ContentAlreadyProcessedException when one of its files' content was counted by another run
     *                                          (nothing changed)
     */
    boolean applyRun(RunContribution contribution);

    /** Applies KPI state only; see {@link #applyRun(RunContribution)}. */
    default boolean applyRun(String runId, KpiAccumulator contribution) {
        return applyRun(RunContribution.ofKpis(runId, contribution));
    }

    /** Whether a run id has been applied. */
    boolean isApplied(String runId);

    /** {@code order_kpi_table} rows, all or those of one date, sorted by date. */
    List<OrderDayKpi> orderKpis(Optional<LocalDate> date);

    /** {@code category_kpi_table} rows, optionally of one category and/or date, sorted by category then date. */
    List<CategoryDayKpi> categoryKpis(Optional<String> category, Optional<LocalDate> date);

    /** The product catalogue as it is now (empty when no products were ever stored), products in id order. */
    ProductCatalogue loadCatalogue();

    /**
     * Upserts products into the catalogue outside any run: a product replaces the stored one of the same id,
     * products not mentioned stay; for one id the later element wins. Runs upsert through
     * {@link #applyRun(RunContribution)} instead, so a failed batch changes nothing.
     */
    void upsertProducts(Collection<Product> products);

    /** Whether a successful run has counted a file with this content. */
    default boolean isProcessed(String sha256) {
        return findProcessed(sha256).isPresent();
    }

    /** The record of the run that counted a file with this content, if any. */
    Optional<ProcessedFile> findProcessed(String sha256);

    /** Releases the store's connections. */
    @Override
    void close();
}
