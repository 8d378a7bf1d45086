package org.ecomkpi.store;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

import org.ecomkpi.kpi.KpiChanges;
import org.ecomkpi.kpi.KpiUpdate;
import org.ecomkpi.kpi.MergedVersions;
import org.ecomkpi.kpi.OrderEntity;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.kpi.VersionMerge;

/**
 * Everything one run writes into a store, decided once for both stores: the new entities of the orders that
 * changed, the item-to-order index entries of new and moved items, and the new states of the KPI rows and
 * customer counts they change (an empty state or a zero count means delete). Every write is an absolute value,
 * so writing a plan twice leaves the same state as writing it once: what lets the DynamoDB store finish an
 * interrupted apply.
 *
 * @param entities   new order entities by order id
 * @param itemOrders new or moved items with their order id
 * @param kpis       new states of the KPI rows and customer counts touched
 */
record MergePlan(Map<String, OrderEntity> entities, Map<String, String> itemOrders, KpiUpdate kpis) {
    MergePlan {
        // views, not Map.copyOf: a slice's maps hold hundreds of thousands of keys, and Map.copyOf's open addressing
        // without hash spreading met clusters of the ids' String hashes (a 10M-order merge spent over ten minutes in
        // one copy); the maps given are the merge's own, never changed after
        entities = Collections.unmodifiableMap(entities);
        itemOrders = Collections.unmodifiableMap(itemOrders);
        Objects.requireNonNull(kpis, "kpis");
    }

    /**
     * The merge, for any store: reads the state of exactly the keys the batch touches through {@code state} and
     * decides every write with kpi-lib's {@link VersionMerge} and {@link KpiChanges}.
     */
    static MergePlan of(VersionBatch batch, StateReader state) {
        VersionMerge merge = new VersionMerge(batch);
        Map<String, String> locations = state.itemOrders(merge.itemIds());
        Map<String, OrderEntity> current = state.orders(merge.ordersToRead(locations));
        MergedVersions merged = merge.apply(locations, current);
        KpiChanges changes = merged.changes();
        KpiUpdate kpis = changes.applyTo(state.customers(changes.customers().keySet()),
                state.orderDays(changes.orderDays().keySet()), state.categoryDays(changes.categoryDays().keySet()));
        return new MergePlan(merged.entities(), merged.itemOrders(), kpis);
    }

    /** How many keys the plan writes or deletes. */
    int size() {
        return entities.size() + itemOrders.size() + kpis.customers().size() + kpis.orderDays().size()
                + kpis.categoryDays().size();
    }
}
