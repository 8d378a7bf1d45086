package org.ecomkpi.row;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An accepted order-item row: one row is one unit sold. {@code status} and the timestamps are optional
 * columns; {@link #ownReturnedState()} says whether the row itself tells if it was returned.
 */
public record OrderItem(
        String id,
        String orderId,
        String productId,
        BigDecimal salePrice,
        Optional<Status> status,
        Optional<Instant> createdAt,
        Optional<Instant> shippedAt,
        Optional<Instant> deliveredAt,
        Optional<Instant> returnedAt,
        Optional<String> userId) {

    public OrderItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(salePrice, "salePrice");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(shippedAt, "shippedAt");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
        Objects.requireNonNull(returnedAt, "returnedAt");
        Objects.requireNonNull(userId, "userId");
    }

    /**
     * The item's own returned state: present when the row has a status or a returned_at value, and then true
     * when the status is {@code returned} or returned_at is set. Empty when the row has neither value (the
     * columns are absent or blank), in which case the item takes its order's returned state.
     */
    public Optional<Boolean> ownReturnedState() {
        if (status.isEmpty() && returnedAt.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(returnedAt.isPresent() || status.get() == Status.RETURNED);
    }

    /** Whether this item counts as returned, given its order's state for the fallback. */
    public boolean returned(Order order) {
        return ownReturnedState().orElse(order.returned());
    }
}
