package org.ecomkpi.kpi;

import java.time.LocalDate;
import java.util.Objects;

import org.ecomkpi.row.Order;

/**
 * What the KPIs need of one accepted order: its date, its customer and whether it was returned.
 *
 * @param orderId   the order's key (kept so a fact can be traced back to its row)
 * @param orderDate UTC date of the order's created_at
 * @param userId    the customer, counted once per date in unique_customers
 * @param returned  status {@code returned} or returned_at set
 */
public record OrderFact(String orderId, LocalDate orderDate, String userId, boolean returned) {
    public OrderFact {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(orderDate, "orderDate");
        Objects.requireNonNull(userId, "userId");
    }

    /** The fact of an accepted order row. */
    public static OrderFact of(Order order) {
        return new OrderFact(order.orderId(), order.orderDate(), order.userId(), order.returned());
    }
}
