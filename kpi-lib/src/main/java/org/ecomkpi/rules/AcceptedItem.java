package org.ecomkpi.rules;

import java.util.Objects;

import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.row.OrderItem;

/**
 * An accepted item row together with the version the KPIs count: its order, price, own returned state and
 * the category its product has in the catalogue now (frozen with this version).
 */
public record AcceptedItem(OrderItem item, ItemVersion version) {
    public AcceptedItem {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(version, "version");
    }
}
