package org.ecomkpi.kpi;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The order and item versions one batch accepted, each the new current version of its key once the batch is
 * applied. As in SPEC section 5, the first occurrence of a key in a batch wins: a later one is ignored here
 * (validation already rejects it as DUPLICATE_KEY). Not thread-safe.
 *
 * <pre>{@code
 * VersionBatch batch = new VersionBatch();
 * batch.add(new OrderFact("1", LocalDate.parse("2025-03-30"), "u7", true));   // order 1, now returned
 * batch.add(new ItemVersion("10", "1", "Home & Kitchen", new BigDecimal("19.99"), Optional.empty()));
 * }</pre>
 */
public final class VersionBatch {
    private final Map<String, OrderFact> orders = new LinkedHashMap<>();
    private final Map<String, ItemVersion> items = new LinkedHashMap<>();

    /** Adds an order version; returns false (and ignores it) when the batch already has one of this order. */
    public boolean add(OrderFact order) {
        return orders.putIfAbsent(order.orderId(), order) == null;
    }

    /** Adds an item version; returns false (and ignores it) when the batch already has one of this item. */
    public boolean add(ItemVersion item) {
        return items.putIfAbsent(item.itemId(), item) == null;
    }

    /** The batch's order versions by order id, in the order added: a live, unmodifiable view. */
    public Map<String, OrderFact> orders() {
        return Collections.unmodifiableMap(orders);
    }

    /** The batch's item versions by item id, in the order added: a live, unmodifiable view. */
    public Map<String, ItemVersion> items() {
        return Collections.unmodifiableMap(items);
    }

    /** Adds every version of {@code orderVersions} and {@code itemVersions}, first occurrence winning. */
    public static VersionBatch of(Collection<OrderFact> orderVersions, Collection<ItemVersion> itemVersions) {
        VersionBatch batch = new VersionBatch();
        orderVersions.forEach(batch::add);
        itemVersions.forEach(batch::add);
        return batch;
    }

    public boolean isEmpty() {
        return orders.isEmpty() && items.isEmpty();
    }

    /** Adds every version of {@code later}, a later part of the same batch: a key already here keeps its version. */
    public void addAll(VersionBatch later) {
        later.orders.values().forEach(this::add);
        later.items.values().forEach(this::add);
    }

    /** The batch's bytes (kind and format version tagged); {@link #fromBytes(byte[])} restores it exactly. */
    public byte[] toBytes() {
        return StateFormat.encode(StateFormat.VERSION_BATCH, out -> {
            out.writeInt(orders.size());
            for (OrderFact order : orders.values()) {
                StateFormat.writeOrder(out, order);
            }
            out.writeInt(items.size());
            for (ItemVersion item : items.values()) {
                out.writeUTF(item.orderId());
                StateFormat.writeItem(out, item);
            }
        });
    }

    /** Restores a batch written by {@link #toBytes()}. */
    public static VersionBatch fromBytes(byte[] bytes) {
        return StateFormat.decode(StateFormat.VERSION_BATCH, bytes, in -> {
            VersionBatch batch = new VersionBatch();
            int orders = StateFormat.readCount(in);
            for (int i = 0; i < orders; i++) {
                batch.add(StateFormat.readOrder(in));
            }
            int items = StateFormat.readCount(in);
            for (int i = 0; i < items; i++) {
                batch.add(StateFormat.readItem(in, in.readUTF()));
            }
            return batch;
        });
    }
}
