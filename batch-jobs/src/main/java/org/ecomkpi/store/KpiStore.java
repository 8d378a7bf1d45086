package org.ecomkpi.store;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.row.Product;
import org.ecomkpi.rules.ProductCatalogue;

/**
 * Where KPIs, the product catalogue and the memory of processed files live: an embedded H2 file
 * ({@link H2KpiStore}) or DynamoDB ({@link DynamoDbKpiStore}). {@code KpiStoreContract} (test sources) pins the
 * contract down.
 *
 * <h2>The KPI tables</h2>
 * {@code order_kpi_table} (key {@code order_date}) and {@code category_kpi_table} (keys {@code category},
 * {@code order_date}) hold, per key, the KPI attributes of SPEC section 5 as exact decimals over the current
 * versions of every order and item, and an internal {@code kpi_state} attribute (kpi-lib's
 * {@code OrderDayState} / {@code CategoryDayState}). Beside them the store keeps the state of current versions
 * (SPEC 5 "Orders change"): per order its current version with its current items (kpi-lib's
 * {@code OrderEntity}), per item the order it belongs to, and per date and customer the count of that
 * customer's current orders (what makes unique_customers exact). A run reads and writes only the keys its
 * rows touch; the decisions are {@link MergePlan}'s, the same for every store.
 *
 * <h2>Exactly once</h2>
 * {@link #applyRun(RunContribution)} makes a run's versions current, updates the KPI rows they change, upserts
 * its products and records its file hashes as one step keyed by the run id: applying a run id a second time (a
 * retry, a restart, a replayed event) changes nothing and returns false. Runs apply one after the other, in
 * the order their applies commit: concurrent runs touching the same orders end with the versions of the one
 * that committed last, and KPIs consistent with those versions. Recording hashes is part of the apply, never a
 * separate step, so a crash can never leave a file counted but not remembered, or remembered but not counted.
 *
 * <p>H2 makes the step one transaction. DynamoDB has no transaction that large, so there an apply writes its
 * plan first and then applies it: a crash half-way leaves a plan that the next apply (of this run or any
 * other) finishes before doing anything else (see {@link DynamoDbKpiStore}).
 *
 * <p>Implementations are safe for use by many threads and by several processes sharing the same store.
 */
public interface KpiStore extends AutoCloseable {

    /**
     * Opens the store a spec names ({@link StoreLocation#parse}): {@code h2:<path>} for an H2 database file at
     * {@code <path>} (created when missing; {@code <path>.mv.db} on disk), or {@code dynamodb} for the default DynamoDB
     * tables ({@link DynamoDbStoreSettings#defaults()}, which must exist) through the DynamoDB client of this process
     * ({@link AwsClients#ofProcess()}). Other tables: {@link StoreLocation#open(AwsClients, DynamoDbStoreSettings)}.
     */
    static KpiStore at(String spec) {
        return StoreLocation.parse(spec).open(AwsClients.ofProcess(), DynamoDbStoreSettings.defaults());
    }

    /** The spec this store was opened with, for messages and logs. */
    String spec();

    /**
     * Applies a run exactly once: makes its versions current and updates the KPI rows they change, upserts its
     * products into the catalogue and records its file hashes, all or nothing (on DynamoDB: or, after a crash,
     * part of it until the next apply finishes the plan).
     *
     * @return true when this call applied the run; false when the run id had been applied before (nothing
     *         changed)
     * @throws ContentAlreadyProcessedException when one of its files' content was counted by another run
     *                                          (nothing changed)
     */
    default boolean applyRun(RunContribution contribution) {
        return applyRun(contribution, ApplyStop.NEVER);
    }

    /**
     * {@link #applyRun(RunContribution)}, stopping when {@code stop} asks (SIGTERM, {@code runs stop}): the reads and
     * writes of the apply check it every few thousand keys. A stop leaves nothing half applied: before the commit
     * point nothing of the run is in the store; after it (DynamoDB: the plan is recorded) the next apply finishes it.
     *
     * @throws ApplyStoppedException when it stopped
     */
    boolean applyRun(RunContribution contribution, ApplyStop stop);

    /** Applies versions only; see {@link #applyRun(RunContribution)}. */
    default boolean applyRun(String runId, VersionBatch versions) {
        return applyRun(RunContribution.ofVersions(runId, versions));
    }

    /**
     * Which of {@code orderIds} are current orders (accepted by an applied run): the orders a late item may
     * name (UNKNOWN_ORDER, SPEC section 3). Reads by key, in bulk.
     */
    Set<String> currentOrders(Collection<String> orderIds);

    /** Whether a run id has been applied. */
    default boolean isApplied(String runId) {
        return findApplied(runId).isPresent();
    }

    /** What the store remembers of an applied run: the KPI keys it changed. */
    Optional<AppliedRun> findApplied(String runId);

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
