package org.ecomkpi.store;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.ecomkpi.kpi.DayCustomer;
import org.ecomkpi.kpi.OrderEntity;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The H2 store's state of current versions — per order id its {@link OrderEntity} bytes ({@code order_state}), per
 * item id its order ({@code item_order}), per date and user the count of that customer's current orders
 * ({@code day_customer}) — as plain maps of H2's storage engine in a file of their own beside the SQL one,
 * {@code <path>.state.mv}. Written as SQL rows in the run's transaction these keys cost a merge several times as
 * much (H2's transaction log, row objects and a second index per key: {@code H2StateWriteFloor}); here a write is
 * a put, and a run's atomicity comes from an undo log ({@link StateUndoLog}) instead of a log of every row:
 * <ol>
 *   <li>{@link #begin} records the run as applying (committed);</li>
 *   <li>each write puts the new value and appends the value it replaced to the undo log ({@link #putEntity},
 *       ...), both before anything can commit the file; the merge {@link #commit}s every {@value #PUTS_PER_COMMIT} puts and after each
 *       slice, and a commit first forces the undo log to disk, so every version of the file has the undo of every
 *       value it changed, and memory is bounded by a commit's puts, not by the run. The file is never committed
 *       by anything else (no background writer, no commit on a full buffer);</li>
 *   <li>the SQL transaction that records the run in {@code kpi_applied_runs} commits; then {@link #finish} drops
 *       the undo;</li>
 *   <li>a run that fails or stops before that commit is {@link #rollBack rolled back} from its undo, newest value
 *       first; one a dead process left applying is rolled back or kept by whether SQL recorded it
 *       ({@link #recover}), before anything reads the file.</li>
 * </ol>
 * Like the DynamoDB store's state table, the maps show a merge's writes as it makes them: a
 * {@link KpiStore#currentOrders} in the same process while another thread merges may see orders of that merge.
 *
 * <p>One {@link MVStore} per file and process, shared by every store opened on it ({@link #open}, reference
 * counted): merges are one at a time under the SQL merge lock, so there is one writer.
 */
final class H2StateMaps implements AutoCloseable {
    /** Puts between two commits of the file: bounds the merge's unsaved pages and the undo log's pieces. */
    static final int PUTS_PER_COMMIT = 200_000;

    private static final String APPLYING = "applying";
    private static final String DATABASE = "database";

    private static final Map<Path, H2StateMaps> OPEN = new HashMap<>();

    private final Path file;
    private final MVStore store;
    private final MVMap<String, byte[]> orderState;
    private final MVMap<String, String> itemOrder;
    private final MVMap<String, Long> dayCustomer;
    private final MVMap<String, String> meta;
    private final StateUndoLog undo;
    private int references;
    private long unsaved;

    private H2StateMaps(Path file, MVStore store, StateUndoLog undo) {
        this.file = file;
        this.store = store;
        this.undo = undo;
        // typed maps: H2's ObjectDataType would detect each key's and value's type and estimate its size by
        // reflection, a tenth of a 1M-order merge's puts (JFR)
        orderState = store.openMap("order_state", new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        itemOrder = store.openMap("item_order", new MVMap.Builder<String, String>()
                .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
        dayCustomer = store.openMap("day_customer", new MVMap.Builder<String, Long>()
                .keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE));
        meta = store.openMap("meta", new MVMap.Builder<String, String>()
                .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
    }

    /** The state file of the H2 database at {@code database} (its path without {@code .mv.db}). */
    static Path fileOf(Path database) {
        return Path.of(database + ".state.mv");
    }

    /**
     * Opens the state file of {@code database}, or shares the one this process has open already. The first open
     * in a process settles a run a dead process left applying: {@code recorded} says whether SQL recorded it.
     */
    static H2StateMaps open(Path database, Predicate<String> recorded) {
        Path file = fileOf(database);
        synchronized (OPEN) {
            H2StateMaps maps = OPEN.get(file);
            if (maps == null) {
                MVStore store;
                try {
                    // no background writer and no commit on a full buffer: only commit() saves, after the undo
                    store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled()
                            .autoCommitBufferSize(0).open();
                } catch (MVStoreException e) {
                    throw new StoreException("store 'h2:" + database + "': cannot open its state file " + file + ": "
                            + e.getMessage(), e);
                }
                maps = new H2StateMaps(file, store, new StateUndoLog(Path.of(database + ".state.undo")));
                try {
                    maps.recover(recorded);
                } catch (RuntimeException e) {
                    store.close();
                    throw e;
                }
                OPEN.put(file, maps);
            }
            maps.references++;
            return maps;
        }
    }

    @Override
    public void close() {
        synchronized (OPEN) {
            if (--references == 0) {
                OPEN.remove(file);
                undo.sync(); // closing saves the maps: what they hold must have its undo on disk first
                store.close();
            }
        }
    }

    // --- reads ----------------------------------------------------------------------------------------------

    String itemOrder(String itemId) {
        return itemOrder.get(itemId);
    }

    byte[] entity(String orderId) {
        return orderState.get(orderId);
    }

    Long customer(DayCustomer key) {
        return dayCustomer.get(key(key));
    }

    // --- a run's writes -------------------------------------------------------------------------------------

    /** Records {@code runId} as the run being applied, before its first write. */
    synchronized void begin(String runId) {
        String other = meta.get(APPLYING);
        if (other != null) {
            throw new IllegalStateException("state file " + file + " is applying run '" + other
                    + "' still: recover it before run '" + runId + "'");
        }
        undo.clear(); // what a finish or roll-back that died after its commit left
        meta.put(APPLYING, runId);
        commit();
    }

    // each put hands back the value before it, which goes to the undo log before anything can commit the file (only
    // this thread's commit() does, after the undo is on disk): one walk of the tree a key, not a get and a put

    void putEntity(String orderId, byte[] entity) {
        undo.entity(orderId, orderState.put(orderId, entity));
        counted();
    }

    void putItemOrder(String itemId, String orderId) {
        undo.itemOrder(itemId, itemOrder.put(itemId, orderId));
        counted();
    }

    /** Sets a customer's count of current orders on the date; 0 removes the key. */
    void putCustomer(DayCustomer key, long orders) {
        String k = key(key);
        undo.customer(k, orders == 0 ? dayCustomer.remove(k) : dayCustomer.put(k, orders));
        counted();
    }

    private void counted() {
        if (++unsaved >= PUTS_PER_COMMIT) {
            commit();
        }
    }

    /** Saves the file: its undo log first, then a version holding every write so far. */
    void commit() {
        undo.sync();
        store.commit();
        unsaved = 0;
    }

    /**
     * After SQL recorded {@code runId}: its writes stay, their undo goes. Nothing to do when the next merge's
     * {@link #recover} got there first (this runs after the SQL commit, outside the merge lock).
     */
    synchronized void finish(String runId) {
        if (runId.equals(meta.get(APPLYING))) {
            forget();
        }
    }

    /** Puts back every value the run being applied changed (its SQL transaction rolls back), then forgets it. */
    synchronized void rollBack() {
        if (meta.get(APPLYING) == null) {
            return;
        }
        undo.sync();
        undo.replayNewestFirst(new StateUndoLog.Restore() {
            @Override
            public void entity(String orderId, byte[] before) {
                restore(orderState, orderId, before);
            }

            @Override
            public void itemOrder(String itemId, String before) {
                restore(itemOrder, itemId, before);
            }

            @Override
            public void customer(String key, Long before) {
                restore(dayCustomer, key, before);
            }
        });
        forget();
    }

    private static <V> void restore(MVMap<String, V> map, String key, V before) {
        if (before == null) {
            map.remove(key);
        } else {
            map.put(key, before);
        }
    }

    private void forget() {
        meta.remove(APPLYING);
        store.commit();
        unsaved = 0;
        undo.clear();
    }

    /**
     * Settles a run left applying by a process that died (or by a failed SQL commit): kept when SQL recorded it,
     * rolled back when not. Called on the first open in a process and under the merge lock before each merge.
     */
    synchronized void recover(Predicate<String> recorded) {
        String applying = meta.get(APPLYING);
        if (applying == null) {
            return;
        }
        if (recorded.test(applying)) {
            forget();
        } else {
            rollBack();
        }
    }

    /** The id of the SQL database this file belongs to, or null for a file never bound to one. */
    String databaseId() {
        return meta.get(DATABASE);
    }

    /** Binds this file to the SQL database of id {@code id}. */
    synchronized void bindTo(String id) {
        meta.put(DATABASE, id);
        commit();
    }

    /** Puts a state value as it is, without undo: for moving a store's state out of its old SQL tables. */
    void load(String map, String key, Object value) {
        switch (map) {
            case "order_state" -> orderState.put(key, (byte[]) value);
            case "item_order" -> itemOrder.put(key, (String) value);
            case "day_customer" -> dayCustomer.put(key, (Long) value);
            default -> throw new IllegalArgumentException("no state map " + map);
        }
        counted();
    }

    // --- keys -----------------------------------------------------------------------------------------------

    /** The key of a customer's date: the ISO date, a NUL (no date holds one), the user id. */
    static String key(DayCustomer customer) {
        String date = DATES.computeIfAbsent(customer.orderDate(), d -> d + "\0");
        return date.concat(customer.userId());
    }

    /** The key prefix of each date met: a merge writes a million customers' keys over a few dozen dates. */
    private static final java.util.concurrent.ConcurrentMap<LocalDate, String> DATES =
            new java.util.concurrent.ConcurrentHashMap<>();

    static DayCustomer customerOf(String key) {
        int nul = key.indexOf('\0');
        return new DayCustomer(LocalDate.parse(key.substring(0, nul)), key.substring(nul + 1));
    }

    /** For tests: every entry of a state map, in key order, as text. */
    java.util.List<String> entries(String map) {
        java.util.List<String> rows = new java.util.ArrayList<>();
        forEach(map, (k, v) -> rows.add(k.replace('\0', '|') + "="
                + (v instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : v)));
        return rows;
    }

    /** For tests: every key and value of a state map as stored, in key order. */
    void forEach(String map, java.util.function.BiConsumer<String, Object> entry) {
        switch (map) {
            case "order_state" -> orderState.forEach(entry);
            case "item_order" -> itemOrder.forEach(entry);
            case "day_customer" -> dayCustomer.forEach(entry);
            default -> throw new IllegalArgumentException("no state map " + map);
        }
    }

    /** For tests: replaces an order's stored bytes as they are, undo and all bypassed. */
    void overwriteEntity(String orderId, byte[] bytes) {
        orderState.put(orderId, bytes);
        commit();
    }

    /** For tests: the smallest order id with a state, or null. */
    String firstOrderId() {
        return orderState.isEmpty() ? null : orderState.firstKey();
    }
}
