package org.ecomkpi.kpi;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * What a batch changes ({@link VersionMerge#apply}): the order entities to write, the item-to-order index
 * entries to write, and the changes of the KPI tables. The maps are unmodifiable views of the maps given, which
 * the record takes over without copying (a merge hands over maps of tens of thousands of orders it made for it):
 * whoever builds one must not change them afterwards.
 *
 * @param entities   the new entity of every order that changed, by order id
 * @param itemOrders items that are new or moved to another order, with their order id
 * @param changes    the signed changes of the KPI rows and of the customers' order counts
 */
public record MergedVersions(Map<String, OrderEntity> entities, Map<String, String> itemOrders, KpiChanges changes) {
    public MergedVersions {
        entities = Collections.unmodifiableMap(entities);
        itemOrders = Collections.unmodifiableMap(itemOrders);
        Objects.requireNonNull(changes, "changes");
    }
}
