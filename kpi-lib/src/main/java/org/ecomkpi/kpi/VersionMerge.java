package org.ecomkpi.kpi;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decides what a batch of new versions changes, given the current state of exactly the orders it touches: the
 * store-neutral heart of applying a run. A store (or {@link KpiLedger} in memory) drives it in three moves:
 * <ol>
 *   <li>look up, for {@link #itemIds()}, the order each item currently belongs to (an item may move to
 *       another order in a new version);</li>
 *   <li>read the current {@link OrderEntity} of {@link #ordersToRead(Map)}: the batch's orders, the orders of
 *       its items, and the orders its moved items leave;</li>
 *   <li>{@link #apply(Map, Map)}: the new entities, the item-to-order index entries to write, and the
 *       {@link KpiChanges} (old contribution retracted, new one added, for every order that changed).</li>
 * </ol>
 * An order that is re-sent unchanged changes nothing; an order's items follow its new date and returned state.
 * Only the touched orders are read and written: the work grows with the batch, never with the history.
 */
public final class VersionMerge {
    private final VersionBatch batch;

    public VersionMerge(VersionBatch batch) {
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    /** The items whose current order must be looked up before {@link #ordersToRead}: an unmodifiable view. */
    public Set<String> itemIds() {
        return batch.items().keySet();
    }

    /**
     * The orders whose current entity {@link #apply} needs (a new, unmodifiable set).
     *
     * @param itemLocations the current order of each item of {@link #itemIds()} that has one (absent: a new item)
     */
    public Set<String> ordersToRead(Map<String, String> itemLocations) {
        Set<String> orders = new HashSet<>(batch.orders().keySet());
        for (ItemVersion item : batch.items().values()) {
            orders.add(item.orderId());
            String current = itemLocations.get(item.itemId());
            if (current != null) {
                orders.add(current);
            }
        }
        return Collections.unmodifiableSet(orders);
    }

    /**
     * Applies the batch onto the current entities.
     *
     * @param itemLocations the current order of each batch item that has one
     * @param current       the current entity of every order of {@link #ordersToRead} that has one
     * @throws IllegalStateException when an item's order is neither in the batch nor current (validation
     *                               rejects such items as UNKNOWN_ORDER)
     */
    public MergedVersions apply(Map<String, String> itemLocations, Map<String, OrderEntity> current) {
        Map<String, OrderFact> versions = new HashMap<>();
        Map<String, SortedMap<String, ItemVersion>> items = new HashMap<>();
        for (String orderId : ordersToRead(itemLocations)) {
            OrderEntity entity = current.get(orderId);
            if (entity != null) {
                versions.put(orderId, entity.order());
                items.put(orderId, new TreeMap<>(entity.items()));
            }
        }
        versions.putAll(batch.orders());
        Map<String, String> itemOrders = new HashMap<>();
        for (ItemVersion item : batch.items().values()) {
            if (!versions.containsKey(item.orderId())) {
                throw new IllegalStateException("item " + item.itemId() + " names order " + item.orderId()
                        + ", which is neither in this batch nor current");
            }
            String was = itemLocations.get(item.itemId());
            if (was != null && !was.equals(item.orderId())) {
                Optional.ofNullable(items.get(was)).ifPresent(left -> left.remove(item.itemId()));
            }
            items.computeIfAbsent(item.orderId(), id -> new TreeMap<>()).put(item.itemId(), item);
            if (!item.orderId().equals(was)) {
                itemOrders.put(item.itemId(), item.orderId());
            }
        }
        Map<String, OrderEntity> changed = new HashMap<>();
        KpiChanges changes = new KpiChanges();
        for (Map.Entry<String, OrderFact> e : versions.entrySet()) {
            String orderId = e.getKey();
            OrderEntity after = new OrderEntity(e.getValue(), items.getOrDefault(orderId, new TreeMap<>()));
            OrderEntity before = current.get(orderId);
            if (after.equals(before)) {
                continue;
            }
            if (before != null) {
                before.contributeTo(changes, -1);
            }
            after.contributeTo(changes, +1);
            changed.put(orderId, after);
        }
        return new MergedVersions(changed, itemOrders, changes);
    }
}
