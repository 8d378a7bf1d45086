package org.ecomkpi.validation;

import java.util.Objects;

import org.ecomkpi.kpi.ItemFact;
import org.ecomkpi.row.OrderItem;

/** An accepted item row together with what the KPIs need of it, joined with its order and product. */
public record AcceptedItem(OrderItem item, ItemFact fact) {
    public AcceptedItem {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(fact, "fact");
    }
}
