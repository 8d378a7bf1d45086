package org.ecomkpi.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.KpiSchema;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.row.Product;
import org.ecomkpi.rules.ProductCatalogue;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded store: one H2 database file holding {@code order_kpi_table}, {@code category_kpi_table},
 * {@code kpi_applied_runs}, {@code product_catalogue} and {@code processed_files}. JBeret's JDBC job
 * repository may share the file (its tables have other names): open it with {@link #jdbcUrl()}, user
 * {@value #USER} and an empty password.
 *
 * <p>One process at a time owns the file (H2's file lock): a second one is refused with a clear "in use" error,
 * which is also how the job launcher tells a crashed execution from a running one. Runs in one process may
 * apply concurrently; runs in several processes at once are the DynamoDB store's job.
 *
 * <p>Exactly once is one SQL transaction per run: lock the one row of {@code kpi_merge_lock} (applies queue behind
 * each other, so each reads what the previous one committed), skip a run already in {@code kpi_applied_runs},
 * record its files and products, read the state of exactly the keys its versions touch, write
 * {@link MergePlan}'s decisions, and insert the run id. A large run is merged slice by slice
 * ({@link VersionSlices}, ranges of order ids), so its memory is bounded by the slice, not the batch. The state
 * of current versions ({@code order_state}, {@code item_order}, {@code day_customer}) is not in SQL but in
 * {@link H2StateMaps}, a file beside the database ({@code <path>.state.mv}) whose writes carry an undo log: a run
 * whose transaction rolls back is rolled back there too, and one a dead process left half-written is settled
 * when the store is next opened. Lock timeouts and deadlocks roll the transaction back and retry it.
 */
public final class H2KpiStore implements KpiStore {
    /** The database user; JBeret's repository must use the same one on a shared file. */
    public static final String USER = "sa";

    private static final int MAX_ATTEMPTS = 30;

    /**
     * Heap bytes allowed per order or item version of a slice. A merge holds a slice's versions, their state and
     * its plan, and H2 the transaction's changed pages: measured, a whole slice of 1,000,000 orders and 2,499,088
     * items merged in a 2 GiB heap (under 400 bytes a version); the budget keeps five times that margin.
     */
    static final long HEAP_BYTES_PER_VERSION = 2048;

    /**
     * Orders (and items) a merge holds in memory at a time: a share of the heap. Fewer slices are faster (each
     * reads and rewrites the KPI rows and customer counts it touches, and H2 rewrites the index pages they share:
     * 1,000,000 new orders applied in 74 s as one slice, in 98 s as slices of 50,000), so a large heap takes large
     * slices and a small one small slices: the default heap on this 24 GiB machine takes the 1M-order drop whole,
     * {@code -Xmx512m} in slices of 262,144 versions.
     */
    static final int SLICE_ORDERS = sliceSize(Runtime.getRuntime().maxMemory());

    /** The slice size for a heap of {@code maxHeapBytes}: at least 10,000, at most 4,000,000 versions. */
    static int sliceSize(long maxHeapBytes) {
        return (int) Math.max(10_000, Math.min(4_000_000, maxHeapBytes / HEAP_BYTES_PER_VERSION));
    }

    private final String spec;
    private final String url;
    private final JdbcConnectionPool pool;
    private final int sliceSize;
    private H2StateMaps maps;

    private H2KpiStore(String spec, String url, JdbcConnectionPool pool, int sliceSize) {
        this.spec = spec;
        this.url = url;
        this.pool = pool;
        this.sliceSize = sliceSize;
    }

    /** Opens (creating when missing) the database at {@code path}, i.e. the file {@code <path>.mv.db}. */
    public static H2KpiStore open(Path path) {
        return open(path, SLICE_ORDERS);
    }

    /** {@link #open(Path)} merging runs in slices of {@code sliceSize} orders (and items): for tests. */
    static H2KpiStore open(Path path, int sliceSize) {
        if (sliceSize < 1) {
            throw new IllegalArgumentException("slice size must be at least 1, was " + sliceSize);
        }
        Path database = databasePath(path);
        String spec = "h2:" + database;
        try {
            Files.createDirectories(database.getParent());
        } catch (IOException e) {
            throw new StoreException("store '" + spec + "': cannot create folder " + database.getParent() + ": " + e, e);
        }
        String url = jdbcUrl(database);
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, USER, "");
        pool.setMaxConnections(32);
        H2KpiStore store = new H2KpiStore(spec, url, pool, sliceSize);
        try {
            store.createTables();
        } catch (SQLException e) {
            pool.dispose();
            H2Database h2 = new H2Database(database);
            if (H2Database.inUseByAnotherProcess(e)) {
                throw new StoreException(h2.inUseMessage(), H2Database.IN_USE_HINT, e);
            }
            throw new StoreException("store '" + spec + "': cannot open the H2 database: " + e.getMessage(), e);
        }
        boolean stateFileExisted = Files.exists(H2StateMaps.fileOf(database));
        try {
            store.maps = H2StateMaps.open(database,
                    run -> store.query("look up run '" + run + "'", connection -> applied(connection, run)));
            store.bindStateFile(database);
            store.inTransaction("move the state out of its SQL tables",
                    connection -> H2StateSetup.moveSqlState(connection, store.maps));
        } catch (RuntimeException e) {
            store.close();
            if (!stateFileExisted) {
                try {
                    Files.deleteIfExists(H2StateMaps.fileOf(database)); // a refused open leaves no file of its own
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        return store;
    }

    /** The JDBC URL of the database at {@code path} ({@code .mv.db} suffix optional). */
    public static String jdbcUrl(Path path) {
        // one URL for the store and the job repository: they share the file
        return new H2Database(databasePath(path)).jdbcUrl();
    }

    private static Path databasePath(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        String text = absolute.toString();
        if (text.endsWith(".mv.db")) {
            absolute = Path.of(text.substring(0, text.length() - ".mv.db".length()));
        }
        if (text.indexOf(';') >= 0) {
            throw new IllegalArgumentException("store path '" + path + "' contains ';', which H2 cannot take in a URL");
        }
        return absolute;
    }

    /** The state of current versions, beside the SQL file: for tests. */
    H2StateMaps stateMaps() {
        return maps;
    }

    /** The JDBC URL of this store's database, for JBeret's job repository. */
    public String jdbcUrl() {
        return url;
    }

    @Override
    public String spec() {
        return spec;
    }

    private void createTables() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("""
                    CREATE TABLE IF NOT EXISTS kpi_applied_runs (
                      run_id VARCHAR(128) PRIMARY KEY,
                      applied_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                      order_days INT NOT NULL,
                      category_days INT NOT NULL,
                      products INT NOT NULL,
                      files INT NOT NULL,
                      order_dates VARCHAR NOT NULL,
                      keys_written BIGINT NOT NULL)""");
            for (KpiSchema table : KpiSchema.values()) {
                ddl.execute(H2State.createKpiTable(table));
            }
            ddl.execute("CREATE TABLE IF NOT EXISTS kpi_merge_lock (id INT PRIMARY KEY)");
            ddl.execute("MERGE INTO kpi_merge_lock KEY (id) VALUES (1)");
            ddl.execute("""
                    CREATE TABLE IF NOT EXISTS product_catalogue (
                      id VARCHAR PRIMARY KEY,
                      sku VARCHAR NOT NULL,
                      cost DECFLOAT NOT NULL,
                      category VARCHAR NOT NULL,
                      retail_price DECFLOAT NOT NULL,
                      name VARCHAR,
                      brand VARCHAR,
                      department VARCHAR,
                      updated_by_run VARCHAR(128))""");
            ddl.execute("""
                    CREATE TABLE IF NOT EXISTS processed_files (
                      sha256 CHAR(64) PRIMARY KEY,
                      file_key VARCHAR NOT NULL,
                      run_id VARCHAR(128) NOT NULL)""");
        }
    }

    // --- exactly-once apply -------------------------------------------------------------------------

    @Override
    public boolean applyRun(RunContribution contribution, ApplyStop stop) {
        String runId = contribution.runId();
        if (query("look up run '" + runId + "'", connection -> applied(connection, runId))) {
            return false; // a replay: no need to cut its versions (the transaction checks again under the lock)
        }
        stop.check(runId, false);
        try (VersionSlices slices = cut(contribution)) {
            boolean applied = inTransaction("apply run '" + runId + "'",
                    connection -> apply(connection, contribution, slices, stop));
            if (applied) {
                maps.finish(runId); // SQL recorded the run: its undo can go
            }
            return applied;
        }
    }

    private VersionSlices cut(RunContribution contribution) {
        try {
            return VersionSlices.cut(contribution.parts(), sliceSize, Path.of(System.getProperty("java.io.tmpdir")));
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("store '" + spec + "': cannot cut the versions of run '" + contribution.runId()
                    + "' into slices in " + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    private boolean apply(Connection connection, RunContribution contribution, VersionSlices slices, ApplyStop stop)
            throws SQLException {
        String runId = contribution.runId();
        try (Statement lock = connection.createStatement()) {
            // one apply at a time: the next one reads what this one commits (SPEC: runs take effect in the
            // order their merges commit)
            lock.executeQuery("SELECT id FROM kpi_merge_lock WHERE id = 1 FOR UPDATE").close();
        }
        // a run a dead process left half-written in the state file: kept if SQL recorded it, else rolled back
        maps.recover(run -> isRecorded(connection, run));
        if (applied(connection, runId)) {
            return false;
        }
        maps.begin(runId);
        try {
            return applyBegun(connection, contribution, slices, stop);
        } catch (SQLException | RuntimeException | Error e) {
            // under the merge lock still: the state file goes back to what SQL is about to roll back to
            maps.rollBack();
            throw e;
        }
    }

    private boolean applyBegun(Connection connection, RunContribution contribution, VersionSlices slices,
                               ApplyStop stop) throws SQLException {
        String runId = contribution.runId();
        recordFiles(connection, contribution);
        upsert(connection, contribution.products(), Optional.of(runId));
        // slice after slice in this one transaction: each reads the state the previous ones wrote, so the end
        // state is the batch's, and only one slice's versions and state are in memory at a time
        SortedSet<LocalDate> orderDates = new TreeSet<>();
        Set<CategoryDay> categoryDays = new HashSet<>();
        long keysWritten = 0;
        for (int slice = 0; slice < slices.count(); slice++) {
            // a stop throws out of the transaction, which rolls back: nothing of the run is applied
            stop.check(runId, false);
            H2State state = new H2State(connection, maps);
            MergePlan plan = MergePlan.of(slices.slice(slice), new StoppableStateReader(state, stop, runId));
            state.write(plan, runId, () -> stop.check(runId, false));
            orderDates.addAll(plan.kpis().orderDays().keySet());
            categoryDays.addAll(plan.kpis().categoryDays().keySet());
            keysWritten += plan.size();
        }
        AppliedRun applied = new AppliedRun(runId, orderDates, categoryDays.size(), keysWritten);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO kpi_applied_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, runId);
            insert.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            insert.setInt(3, orderDates.size());
            insert.setInt(4, categoryDays.size());
            insert.setInt(5, contribution.products().size());
            insert.setInt(6, contribution.files().size());
            insert.setString(7, applied.orderDatesText());
            insert.setLong(8, applied.keysWritten());
            insert.executeUpdate();
        }
        return true;
    }

    private static boolean isRecorded(Connection connection, String runId) {
        try {
            return applied(connection, runId);
        } catch (SQLException e) {
            throw new H2State.SqlFailure(e);
        }
    }

    private static boolean applied(Connection connection, String runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM kpi_applied_runs WHERE run_id = ?")) {
            select.setString(1, runId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private void recordFiles(Connection connection, RunContribution contribution) throws SQLException {
        Map<String, ProcessedFile> distinct = new LinkedHashMap<>();
        for (ProcessedFile file : contribution.files()) {
            distinct.putIfAbsent(file.sha256(), file); // the same content twice in one batch is recorded once
        }
        List<ProcessedFile> earlier = new ArrayList<>();
        for (String sha256 : distinct.keySet()) {
            find(connection, sha256).ifPresent(earlier::add);
        }
        if (!earlier.isEmpty()) {
            throw new ContentAlreadyProcessedException(contribution.runId(), earlier);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO processed_files VALUES (?, ?, ?)")) {
            for (ProcessedFile file : distinct.values()) {
                insert.setString(1, file.sha256());
                insert.setString(2, file.fileKey());
                insert.setString(3, file.runId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public Set<String> currentOrders(Collection<String> orderIds) {
        Set<String> found = new HashSet<>();
        for (String orderId : orderIds) {
            if (maps.entity(orderId) != null) {
                found.add(orderId);
            }
        }
        return found;
    }

    @Override
    public Optional<AppliedRun> findApplied(String runId) {
        BucketLayout.requireRunId(runId);
        return query("look up run '" + runId + "'", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT order_dates, category_days, keys_written FROM kpi_applied_runs WHERE run_id = ?")) {
                select.setString(1, runId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                            ? Optional.of(new AppliedRun(runId, AppliedRun.parseOrderDates(row.getString(1)), row.getInt(2),
                                    row.getLong(3)))
                            : Optional.<AppliedRun>empty();
                }
            }
        });
    }

    // --- reads --------------------------------------------------------------------------------------

    @Override
    public List<OrderDayKpi> orderKpis(Optional<LocalDate> date) {
        List<Object> parameters = new ArrayList<>(1);
        date.ifPresent(parameters::add);
        return query("read order_kpi_table", connection -> H2State.readKpis(connection, KpiSchema.ORDER_KPI_TABLE,
                date.isPresent() ? " WHERE order_date = ?" : "", parameters, KpiSchema::orderDay));
    }

    @Override
    public List<CategoryDayKpi> categoryKpis(Optional<String> category, Optional<LocalDate> date) {
        List<Object> parameters = new ArrayList<>(2);
        category.ifPresent(parameters::add);
        date.ifPresent(parameters::add);
        String where = "";
        if (category.isPresent() || date.isPresent()) {
            where = " WHERE " + (category.isPresent() ? "category = ?" : "")
                    + (category.isPresent() && date.isPresent() ? " AND " : "")
                    + (date.isPresent() ? "order_date = ?" : "");
        }
        String condition = where;
        List<CategoryDayKpi> rows = new ArrayList<>(query("read category_kpi_table", connection -> H2State.readKpis(
                connection, KpiSchema.CATEGORY_KPI_TABLE, condition, parameters, KpiSchema::categoryDay)));
        // sorted here, not by SQL, so the order is CategoryDay's whatever the database collation
        rows.sort(Comparator.comparing(CategoryDayKpi::key));
        return List.copyOf(rows);
    }

    // --- catalogue ----------------------------------------------------------------------------------

    @Override
    public ProductCatalogue loadCatalogue() {
        return query("read product_catalogue", connection -> {
            ProductCatalogue catalogue = new ProductCatalogue();
            try (Statement select = connection.createStatement();
                 ResultSet row = select.executeQuery("SELECT id, sku, cost, category, retail_price, name, brand,"
                         + " department FROM product_catalogue ORDER BY id")) {
                while (row.next()) {
                    catalogue.upsert(new Product(row.getString(1), row.getString(2), row.getBigDecimal(3),
                            row.getString(4), row.getBigDecimal(5), Optional.ofNullable(row.getString(6)),
                            Optional.ofNullable(row.getString(7)), Optional.ofNullable(row.getString(8))));
                }
            }
            return catalogue;
        });
    }

    @Override
    public void upsertProducts(Collection<Product> products) {
        List<Product> list = List.copyOf(products);
        inTransaction("upsert " + list.size() + " products", connection -> {
            upsert(connection, list, Optional.empty());
            return true;
        });
    }

    private static void upsert(Connection connection, List<Product> products, Optional<String> runId)
            throws SQLException {
        Map<String, Product> latest = new LinkedHashMap<>();
        for (Product product : products) {
            latest.put(product.id(), product);
        }
        List<Product> sorted = new ArrayList<>(latest.values());
        sorted.sort(Comparator.comparing(Product::id)); // the same lock order in every transaction
        try (PreparedStatement merge = connection.prepareStatement("""
                MERGE INTO product_catalogue (id, sku, cost, category, retail_price, name, brand, department,
                  updated_by_run) KEY (id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (Product product : sorted) {
                merge.setString(1, product.id());
                merge.setString(2, product.sku());
                merge.setBigDecimal(3, product.cost());
                merge.setString(4, product.category());
                merge.setBigDecimal(5, product.retailPrice());
                setOptional(merge, 6, product.name());
                setOptional(merge, 7, product.brand());
                setOptional(merge, 8, product.department());
                setOptional(merge, 9, runId);
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    private static void setOptional(PreparedStatement statement, int index, Optional<String> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    // --- processed files ----------------------------------------------------------------------------

    @Override
    public Optional<ProcessedFile> findProcessed(String sha256) {
        String digest = ProcessedFile.requireSha256(sha256);
        return query("look up processed file " + digest, connection -> find(connection, digest));
    }

    private static Optional<ProcessedFile> find(Connection connection, String sha256) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT sha256, file_key, run_id FROM processed_files WHERE sha256 = ?")) {
            select.setString(1, sha256);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new ProcessedFile(row.getString(1), row.getString(2), row.getString(3)))
                        : Optional.empty();
            }
        }
    }

    // --- plumbing -----------------------------------------------------------------------------------

    @Override
    public void close() {
        pool.dispose();
        if (maps != null) {
            maps.close();
            maps = null;
        }
    }

    // --- the state file ---------------------------------------------------------------------------

    /** {@link H2StateSetup#checkBinding}, then the binding of a new pair once its SQL side is committed. */
    private void bindStateFile(Path database) {
        String[] bind = {null};
        inTransaction("bind the state file", connection -> {
            bind[0] = H2StateSetup.checkBinding(connection, maps, database, spec);
            return true;
        });
        if (bind[0] != null) {
            maps.bindTo(bind[0]); // after the SQL id is committed: a crash in between leaves a pair to bind again
        }
    }

    @Override
    public String toString() {
        return "H2KpiStore[" + spec + "]";
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static <T> T runUnwrapped(Work<T> work, Connection connection) throws SQLException {
        try {
            return work.run(connection);
        } catch (H2State.SqlFailure e) {
            throw e.sql();
        }
    }

    private <T> T query(String what, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            return runUnwrapped(work, connection);
        } catch (SQLException e) {
            throw new StoreException("store '" + spec + "': cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction, committing when it returns true, retrying transient conflicts. */
    private boolean inTransaction(String what, Work<Boolean> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = pool.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    boolean commit = runUnwrapped(work, connection);
                    if (commit) {
                        connection.commit();
                    } else {
                        connection.rollback();
                    }
                    return commit;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (!isTransient(e) || attempt == MAX_ATTEMPTS) {
                    throw new StoreException("store '" + spec + "': cannot " + what + " (attempt " + attempt + "): "
                            + e.getMessage(), e);
                }
                pause(attempt);
            }
        }
    }

    private static boolean isTransient(SQLException e) {
        // batch statements report the failing statement's error as a "next exception", others as the cause
        for (SQLException next = e; next != null; next = next.getNextException()) {
            for (Throwable cause = next; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && isTransientCode(sql.getErrorCode())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isTransientCode(int errorCode) {
        return switch (errorCode) {
            // DUPLICATE_KEY_1 here: another transaction created the same new key first
            case ErrorCode.LOCK_TIMEOUT_1, ErrorCode.DEADLOCK_1, ErrorCode.CONCURRENT_UPDATE_1,
                    ErrorCode.DUPLICATE_KEY_1 -> true;
            default -> false;
        };
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * Math.min(attempt, 10) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a store transaction", e);
        }
    }
}
