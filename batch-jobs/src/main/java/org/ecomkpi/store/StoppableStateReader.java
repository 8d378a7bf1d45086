package org.ecomkpi.store;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayState;
import org.ecomkpi.kpi.DayCustomer;
import org.ecomkpi.kpi.OrderDayState;
import org.ecomkpi.kpi.OrderEntity;

/**
 * A {@link StateReader} that reads its keys a bounded number at a time and checks {@link ApplyStop} before each
 * piece: the reads of a large run's plan (a million orders: millions of keys) stop within one piece when asked.
 * The answer is the one the store gives for all the keys at once: each key's state is read once either way.
 */
final class StoppableStateReader implements StateReader {
    /** Keys read between two checks: well under a second of reads on H2, a few seconds of BatchGetItem on moto. */
    static final int KEYS_PER_CHECK = 10_000;

    private final StateReader state;
    private final ApplyStop stop;
    private final String runId;

    StoppableStateReader(StateReader state, ApplyStop stop, String runId) {
        this.state = state;
        this.stop = stop;
        this.runId = runId;
    }

    @Override
    public Map<String, String> itemOrders(Collection<String> itemIds) {
        return inPieces(itemIds, state::itemOrders);
    }

    @Override
    public Map<String, OrderEntity> orders(Collection<String> orderIds) {
        return inPieces(orderIds, state::orders);
    }

    @Override
    public Map<DayCustomer, Long> customers(Collection<DayCustomer> keys) {
        return inPieces(keys, state::customers);
    }

    @Override
    public Map<LocalDate, OrderDayState> orderDays(Collection<LocalDate> dates) {
        return inPieces(dates, state::orderDays);
    }

    @Override
    public Map<CategoryDay, CategoryDayState> categoryDays(Collection<CategoryDay> keys) {
        return inPieces(keys, state::categoryDays);
    }

    private <K, V> Map<K, V> inPieces(Collection<K> keys, Function<Collection<K>, Map<K, V>> read) {
        stop.check(runId, false);
        if (keys.size() <= KEYS_PER_CHECK) {
            return read.apply(keys);
        }
        List<K> all = List.copyOf(keys);
        Map<K, V> found = new HashMap<>();
        for (int from = 0; from < all.size(); from += KEYS_PER_CHECK) {
            if (from > 0) {
                stop.check(runId, false);
            }
            found.putAll(read.apply(all.subList(from, Math.min(all.size(), from + KEYS_PER_CHECK))));
        }
        return found;
    }
}
