package org.ecomkpi.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The undo of the run {@link H2StateMaps} is applying: for each write, the key's value from before it (or none),
 * appended to a piece file of a folder beside the state file, {@code <path>.state.undo/}. {@link #sync} forces the
 * running piece to disk and starts the next one; the state file commits only after it, so its every version has
 * the undo of every value it changed. A roll-back reads the pieces newest first, each from its last record back,
 * so a key written twice by the run gets its value from before the first write. Appending is sequential, a
 * fraction of the cost of undo entries in the state file itself (a second tree insert per key).
 */
final class StateUndoLog {
    private static final byte ENTITY = 0;
    private static final byte ITEM_ORDER = 1;
    private static final byte CUSTOMER = 2;
    private static final String SUFFIX = ".undo";

    /** What a roll-back does with each record, newest first: put the value back, or remove the key if null. */
    interface Restore {
        void entity(String orderId, byte[] before);

        void itemOrder(String itemId, String before);

        void customer(String key, Long before);
    }

    private final Path folder;
    private FileOutputStream file;
    private DataOutputStream out;
    private int pieces = -1;

    StateUndoLog(Path folder) {
        this.folder = folder;
    }

    void entity(String orderId, byte[] before) {
        try {
            DataOutputStream o = start(ENTITY, orderId);
            bytes(o, before);
        } catch (IOException e) {
            throw failure("write", e);
        }
    }

    void itemOrder(String itemId, String before) {
        try {
            DataOutputStream o = start(ITEM_ORDER, itemId);
            bytes(o, before == null ? null : before.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw failure("write", e);
        }
    }

    void customer(String key, Long before) {
        try {
            DataOutputStream o = start(CUSTOMER, key);
            o.writeBoolean(before != null);
            o.writeLong(before == null ? 0 : before);
        } catch (IOException e) {
            throw failure("write", e);
        }
    }

    private DataOutputStream start(byte kind, String key) throws IOException {
        if (out == null) {
            if (pieces < 0) {
                Files.createDirectories(folder);
                pieces = pieceFiles().size();
            }
            file = new FileOutputStream(folder.resolve(String.format("%08d", pieces++) + SUFFIX).toFile());
            out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16));
        }
        out.writeByte(kind);
        bytes(out, key.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    private static void bytes(DataOutputStream o, byte[] bytes) throws IOException {
        if (bytes == null) {
            o.writeInt(-1);
        } else {
            o.writeInt(bytes.length);
            o.write(bytes);
        }
    }

    /** Forces the running piece (and its name in the folder) to disk; the next record starts a new piece. */
    void sync() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
            file.getFD().sync();
            out.close();
            try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw failure("force to disk", e);
        } finally {
            out = null;
            file = null;
        }
    }

    /**
     * Hands every record to {@code restore}, newest first. A piece's last record cut short (the process died writing
     * it) is skipped: its write was never committed, since the state file commits only after a piece is whole.
     */
    void replayNewestFirst(Restore restore) {
        List<Path> pieceFiles = pieceFiles();
        for (int p = pieceFiles.size() - 1; p >= 0; p--) {
            List<Object[]> records = read(pieceFiles.get(p));
            for (int r = records.size() - 1; r >= 0; r--) {
                Object[] record = records.get(r);
                String key = (String) record[1];
                switch ((Byte) record[0]) {
                    case ENTITY -> restore.entity(key, (byte[]) record[2]);
                    case ITEM_ORDER -> restore.itemOrder(key,
                            record[2] == null ? null : new String((byte[]) record[2], StandardCharsets.UTF_8));
                    case CUSTOMER -> restore.customer(key, (Long) record[2]);
                    default -> throw new IllegalStateException("unknown undo record kind " + record[0]);
                }
            }
        }
    }

    private List<Object[]> read(Path piece) {
        List<Object[]> records = new ArrayList<>();
        try (InputStream stream = Files.newInputStream(piece);
             DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16))) {
            while (true) {
                int kind = in.read();
                if (kind < 0) {
                    return records;
                }
                String key = new String(readBytes(in), StandardCharsets.UTF_8);
                Object before;
                if (kind == CUSTOMER) {
                    boolean present = in.readBoolean();
                    long count = in.readLong();
                    before = present ? count : null;
                } else {
                    before = readBytes(in);
                }
                records.add(new Object[] {(byte) kind, key, before});
            }
        } catch (EOFException cutShort) {
            return records;
        } catch (IOException e) {
            throw failure("read " + piece, e);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** Deletes every piece: the run's undo is no longer needed. */
    void clear() {
        try {
            if (out != null) {
                out.close();
                out = null;
                file = null;
            }
            for (Path piece : pieceFiles()) {
                Files.delete(piece);
            }
            pieces = -1;
        } catch (IOException e) {
            throw failure("clear", e);
        }
    }

    private List<Path> pieceFiles() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw failure("list", e);
        }
    }

    private UncheckedIOException failure(String what, IOException e) {
        return new UncheckedIOException("cannot " + what + " the state's undo log in " + folder + ": " + e, e);
    }
}
