package org.ecomkpi.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code item_order} writes of a sliced merge, held back and written at its end in item-id order. Slices are
 * ranges of order ids, so each slice's items are spread over the whole item-id range: written slice by slice,
 * every slice would touch most pages of the table's index (H2 rewrites each page it touches), and the commit
 * would walk them again. Written once in key order, each page is touched once.
 *
 * <p>Holding them back is exact: a batch names each item once (the first version wins), so no later slice of the
 * run reads an {@code item_order} entry an earlier slice wrote. Each slice's entries are sorted and spilled to a
 * run file in the slices' folder; {@link #write(Connection)} merges the run files.
 */
final class SortedItemOrders implements AutoCloseable {
    private static final int INSERT = 0;
    private static final int UPDATE = 1;

    private final Path folder;
    private final List<Path> runs = new ArrayList<>();
    private final VersionRecords.Buffer buffer = new VersionRecords.Buffer();

    SortedItemOrders(Path folder) {
        this.folder = folder;
    }

    /** Adds a slice's item-order writes: an UPDATE for the items in {@code found}, an INSERT for the others. */
    void add(Map<String, String> itemOrders, Set<String> found) {
        if (itemOrders.isEmpty()) {
            return;
        }
        Path run = folder.resolve("item-orders-" + runs.size() + ".bin");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
            for (Map.Entry<String, String> e : new TreeMap<>(itemOrders).entrySet()) {
                out.writeByte(found.contains(e.getKey()) ? UPDATE : INSERT);
                buffer.reset();
                buffer.string(e.getKey());
                buffer.string(e.getValue());
                buffer.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill the item orders of a merge slice to " + run, e);
        }
        runs.add(run);
    }

    /** Writes every held-back entry in item-id order. */
    void write(Connection connection) throws SQLException {
        List<Cursor> cursors = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO item_order (item_id, order_id) VALUES (?, ?)");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE item_order SET order_id = ? WHERE item_id = ?")) {
            PriorityQueue<Cursor> next = new PriorityQueue<>(Comparator.comparing((Cursor c) -> c.itemId));
            for (Path run : runs) {
                Cursor cursor = new Cursor(run);
                cursors.add(cursor);
                if (cursor.advance()) {
                    next.add(cursor);
                }
            }
            int pending = 0;
            while (!next.isEmpty()) {
                Cursor cursor = next.poll();
                if (cursor.kind == UPDATE) {
                    update.setString(1, cursor.orderId);
                    update.setString(2, cursor.itemId);
                    update.addBatch();
                } else {
                    insert.setString(1, cursor.itemId);
                    insert.setString(2, cursor.orderId);
                    insert.addBatch();
                }
                if (++pending == 1000) {
                    update.executeBatch();
                    insert.executeBatch();
                    pending = 0;
                }
                if (cursor.advance()) {
                    next.add(cursor);
                }
            }
            update.executeBatch();
            insert.executeBatch();
        } finally {
            cursors.forEach(Cursor::close);
        }
    }

    @Override
    public void close() {
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + run, e);
            }
        }
    }

    /** The next entry of one run file. */
    private static final class Cursor {
        private final Path path;
        private final DataInputStream in;
        private int kind;
        private String itemId;
        private String orderId;

        Cursor(Path path) {
            this.path = path;
            try {
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 14));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the held-back item orders " + path, e);
            }
        }

        boolean advance() {
            try {
                kind = in.read();
                if (kind < 0) {
                    return false;
                }
                VersionRecords.Raw entry = VersionRecords.readRaw(in, true);
                if (entry == null) {
                    throw new IOException("entry cut after its kind");
                }
                itemId = entry.key();
                orderId = entry.orderId();
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the held-back item orders " + path, e);
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + path, e);
            }
        }
    }
}
