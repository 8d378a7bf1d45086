package org.ecomkpi.rules;

/**
 * Tells whether an order id is a current order from an earlier batch: an item of such an order is valid even
 * when its batch does not re-send the order (a late item, SPEC section 3, UNKNOWN_ORDER). A store answers it;
 * an application validating stand-alone batches uses {@link #NONE}.
 */
@FunctionalInterface
public interface OrderLookup {
    /** No order is current outside the batch: every item needs its order in the same batch. */
    OrderLookup NONE = orderId -> false;

    /** Whether {@code orderId} is current from an earlier batch. */
    boolean isCurrent(String orderId);
}
