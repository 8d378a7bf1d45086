package org.ecomkpi.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * The orders a lifecycle drop may change, kept while the base drop is written: a random sample sized for the
 * number of change batches, plus the first five orders of every part, whose pinned quirks guarantee returned
 * orders (to cancel) and items without state of their own (to follow a late return) even in small drops.
 */
final class ChangePool implements OrderCapture {
    private static final int PINNED = 5;
    private static final int ALL_UP_TO = 250;

    private final Dice dice;
    private final int orders;
    private final int wanted;
    private final List<TrackedOrder> kept = new ArrayList<>();

    ChangePool(DropSpec spec, int changeBatches, Dice dice) {
        this.dice = dice;
        this.orders = spec.orders();
        // a change batch touches about 9 % of the orders; later batches partly re-touch the same ones
        this.wanted = (int) Math.min(orders, Math.max(ALL_UP_TO, (long) orders * (12 + 4L * changeBatches) / 100));
    }

    @Override
    public boolean keeps(int part, int index) {
        boolean sampled = dice.below(orders) < wanted;
        return sampled || index < PINNED;
    }

    @Override
    public void kept(TrackedOrder order) {
        kept.add(order);
    }

    List<TrackedOrder> orders() {
        return kept;
    }
}
