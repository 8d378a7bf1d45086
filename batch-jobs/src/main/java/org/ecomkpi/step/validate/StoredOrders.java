package org.ecomkpi.step.validate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ecomkpi.store.KpiStore;
import org.ecomkpi.rules.OrderLookup;

/**
 * The orders current in the store, as the items step asks about them: an item whose order is not in its batch
 * is a late item when the store holds that order. Answers are remembered for the run (orders never stop being
 * current), so each order is looked up at most once however many of its items arrive late.
 */
final class StoredOrders implements OrderLookup {
    private static final int REMEMBERED = 1 << 20;

    private final KpiStore store;
    private final Map<String, Boolean> known = new HashMap<>();

    StoredOrders(KpiStore store) {
        this.store = store;
    }

    @Override
    public boolean isCurrent(String orderId) {
        Boolean current = known.get(orderId);
        if (current == null) {
            current = store.currentOrders(List.of(orderId)).contains(orderId);
            if (known.size() >= REMEMBERED) {
                known.clear(); // bounded memory; a forgotten order is looked up again
            }
            known.put(orderId, current);
        }
        return current;
    }
}
