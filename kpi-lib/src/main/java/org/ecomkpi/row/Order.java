package org.ecomkpi.row;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An accepted order row. Timestamps are instants (offsets already applied); {@link #orderDate()} is the UTC
 * calendar date of {@code created_at}, the date every KPI of this order and its items is filed under.
 */
public record Order(
        String orderId,
        String userId,
        Instant createdAt,
        Status status,
        Optional<Instant> shippedAt,
        Optional<Instant> deliveredAt,
        Optional<Instant> returnedAt,
        OptionalInt numOfItem) {

    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(shippedAt, "shippedAt");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
        Objects.requireNonNull(returnedAt, "returnedAt");
        Objects.requireNonNull(numOfItem, "numOfItem");
    }

    /** The UTC calendar date of {@code created_at}. */
    public LocalDate orderDate() {
        return LocalDate.ofInstant(createdAt, ZoneOffset.UTC);
    }

    /** An order is returned when its status is {@code returned} or its {@code returned_at} is set. */
    public boolean returned() {
        return status == Status.RETURNED || returnedAt.isPresent();
    }
}
