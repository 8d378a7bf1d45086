package org.ecomkpi.kpi;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What the KPIs need of one accepted version of an order item: which order it belongs to, its price, the
 * category its product had when this version was accepted (frozen: a later re-categorisation of the product
 * does not rewrite it) and its own returned state, if the row told one.
 *
 * @param itemId      the item's key
 * @param orderId     the order it belongs to; its date, and its returned state when the item tells none, follow
 *                    that order's current version
 * @param category    the product's category when this version was accepted
 * @param salePrice   gross price of this one unit
 * @param ownReturned the row's own returned state (status {@code returned} or returned_at set); empty when the
 *                    row had neither value, so the order's state applies
 */
public record ItemVersion(String itemId, String orderId, String category, BigDecimal salePrice,
                          Optional<Boolean> ownReturned) {
    public ItemVersion {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(salePrice, "salePrice");
        Objects.requireNonNull(ownReturned, "ownReturned");
    }

    /** Whether this item counts as returned when its order's current returned state is {@code orderReturned}. */
    public boolean returned(boolean orderReturned) {
        return ownReturned.orElse(orderReturned);
    }

    /** This version moved to another order (same item key, price, category and own state). */
    ItemVersion inOrder(String otherOrderId) {
        return new ItemVersion(itemId, otherOrderId, category, salePrice, ownReturned);
    }
}
