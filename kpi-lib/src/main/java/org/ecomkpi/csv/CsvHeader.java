package org.ecomkpi.csv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.ecomkpi.row.Column;
import org.ecomkpi.row.FileType;

/**
 * A file's header: the original column names in file order and where each known {@link Column} sits.
 * Names are matched trimmed and case-insensitively, with a UTF-8 byte-order mark tolerated on the first one;
 * unknown columns are kept (so reject archives can echo them) but never interpreted.
 *
 * <pre>{@code
 * CsvHeader header = CsvHeader.of("orders/a.csv", FileType.ORDERS, List.of("order_id", "user_id", "created_at", "status"));
 * header.indexOf(Column.STATUS); // 3
 * }</pre>
 */
public final class CsvHeader {
    private static final char BOM = '\uFEFF';

    private final String file;
    private final FileType type;
    private final List<String> names;
    private final int[] indexByColumn;

    private CsvHeader(String file, FileType type, List<String> names, int[] indexByColumn) {
        this.file = file;
        this.type = type;
        this.names = names;
        this.indexByColumn = indexByColumn;
    }

    /**
     * Maps a header line.
     *
     * @throws SchemaException naming the file and every required column that is missing
     */
    public static CsvHeader of(String file, FileType type, List<String> rawNames) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(type, "type");
        List<String> names = new ArrayList<>(rawNames.size());
        for (int i = 0; i < rawNames.size(); i++) {
            String name = rawNames.get(i) == null ? "" : rawNames.get(i);
            if (i == 0 && !name.isEmpty() && name.charAt(0) == BOM) {
                name = name.substring(1);
            }
            names.add(name);
        }
        int[] index = new int[Column.values().length];
        Arrays.fill(index, -1);
        Map<Column, Integer> wanted = new EnumMap<>(Column.class);
        for (Column c : type.requiredColumns()) {
            wanted.put(c, -1);
        }
        for (Column c : type.optionalColumns()) {
            wanted.put(c, -1);
        }
        for (int i = 0; i < names.size(); i++) {
            String normalised = names.get(i).trim().toLowerCase(Locale.ROOT);
            for (Column c : wanted.keySet()) {
                // first occurrence wins when a producer repeats a column
                if (c.header().equals(normalised) && index[c.ordinal()] < 0) {
                    index[c.ordinal()] = i;
                }
            }
        }
        List<Column> missing = new ArrayList<>();
        for (Column c : type.requiredColumns()) {
            if (index[c.ordinal()] < 0) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            throw SchemaException.missingColumns(file, type, missing, names);
        }
        return new CsvHeader(file, type, List.copyOf(names), index);
    }

    /** The file's name as given when it was opened (used in every message about it). */
    public String file() {
        return file;
    }

    public FileType type() {
        return type;
    }

    /** Column names in file order, as written (BOM removed). */
    public List<String> names() {
        return names;
    }

    /** Zero-based position of the column in the file, or -1 when the file lacks it. */
    public int indexOf(Column column) {
        return indexByColumn[column.ordinal()];
    }

    public boolean has(Column column) {
        return indexByColumn[column.ordinal()] >= 0;
    }
}
