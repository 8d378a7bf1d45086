package org.ecomkpi.run;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.row.Product;
import org.ecomkpi.store.AppliedRun;
import org.ecomkpi.store.ApplyStop;
import org.ecomkpi.store.KpiStore;
import org.ecomkpi.store.ProcessedFile;
import org.ecomkpi.store.RunContribution;
import org.ecomkpi.rules.ProductCatalogue;

/**
 * A store whose writes each pass a {@link WriteFence} first. The DynamoDB store fences its merge by itself too (every
 * write under the merge lock is conditioned on the lock's token), so this check is what keeps a process that lost its
 * job's lease from even taking the merge lock.
 */
final class FencedKpiStore implements KpiStore {
    private final KpiStore store;
    private final WriteFence fence;

    FencedKpiStore(KpiStore store, WriteFence fence) {
        this.store = store;
        this.fence = fence;
    }

    @Override
    public String spec() {
        return store.spec();
    }

    @Override
    public boolean applyRun(RunContribution contribution, ApplyStop stop) {
        fence.check();
        return store.applyRun(contribution, stop);
    }

    @Override
    public Set<String> currentOrders(Collection<String> orderIds) {
        return store.currentOrders(orderIds);
    }

    @Override
    public Optional<AppliedRun> findApplied(String runId) {
        return store.findApplied(runId);
    }

    @Override
    public List<OrderDayKpi> orderKpis(Optional<LocalDate> date) {
        return store.orderKpis(date);
    }

    @Override
    public List<CategoryDayKpi> categoryKpis(Optional<String> category, Optional<LocalDate> date) {
        return store.categoryKpis(category, date);
    }

    @Override
    public ProductCatalogue loadCatalogue() {
        return store.loadCatalogue();
    }

    @Override
    public void upsertProducts(Collection<Product> products) {
        fence.check();
        store.upsertProducts(products);
    }

    @Override
    public Optional<ProcessedFile> findProcessed(String sha256) {
        return store.findProcessed(sha256);
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
