package org.ecomkpi.kpi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What the KPIs need of one accepted order item, already joined with its order and its product.
 *
 * @param itemId                  the item's key
 * @param orderId                 the item's order
 * @param orderDate               the <em>order's</em> UTC date (items take their order's date)
 * @param category                the product's category
 * @param salePrice               gross price of this one unit
 * @param returned                the item's own returned state, or its order's when the item tells none
 * @param firstOfOrderInCategory  true for exactly one item per (order, category): how the category table
 *                                counts distinct orders without keeping order ids, so that contributions of
 *                                batches sharing no order simply add up
 */
public record ItemFact(
        String itemId,
        String orderId,
        LocalDate orderDate,
        String category,
        BigDecimal salePrice,
        boolean returned,
        boolean firstOfOrderInCategory) {
    public ItemFact {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(orderDate, "orderDate");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(salePrice, "salePrice");
    }
}
