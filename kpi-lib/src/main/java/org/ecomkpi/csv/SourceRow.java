package org.ecomkpi.csv;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.ecomkpi.row.Column;

/**
 * One CSV record as read: its cells in file order, the header that names them, and the physical line on
 * which the record starts (a quoted newline makes a record span several lines).
 */
public final class SourceRow {
    private final CsvHeader header;
    private final long line;
    private final String[] cells;

    /**
     * A row over {@code cells}, which it takes over without copying (one row per record is the reader's hot
     * path): the caller must not change the array afterwards.
     *
     * @param header the header naming the cells
     * @param line   one-based physical line where the record starts
     * @param cells  the record's cells as read, in file order
     */
    public SourceRow(CsvHeader header, long line, String[] cells) {
        this.header = header;
        this.line = line;
        this.cells = cells;
    }

    public CsvHeader header() {
        return header;
    }

    public String file() {
        return header.file();
    }

    /** One-based physical line where the record starts. */
    public long line() {
        return line;
    }

    /**
     * The trimmed value of a column, or the empty string when the file lacks the column or the record is
     * short. Never null.
     */
    public String value(Column column) {
        int i = header.indexOf(column);
        if (i < 0 || i >= cells.length) {
            return "";
        }
        String cell = cells[i];
        return cell == null ? "" : cell.strip();
    }

    /** One-based column number of a column in this file, for messages; 0 when the file lacks it. */
    public int columnNumber(Column column) {
        return header.indexOf(column) + 1;
    }

    /** The record's cells exactly as read, in file order: an unmodifiable view. */
    public List<String> cells() {
        return Collections.unmodifiableList(Arrays.asList(cells));
    }

    @Override
    public String toString() {
        return header.file() + ":" + line + " " + Arrays.toString(cells);
    }
}
