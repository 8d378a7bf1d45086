package org.ecomkpi.csv;

/**
 * A file that is not well-formed UTF-8 CSV, so no later row of it can be trusted: the batch fails (SPEC
 * section 4). The line and column point at the cause itself, e.g. the opening quote that was never closed
 * or the first byte that is not UTF-8; the column counts characters (code points) from 1 within that line.
 *
 * <pre>{@code
 * orders/2025-03-30.csv: line 7, column 12: invalid UTF-8: byte 0xC3 0x28 at byte offset 311 is not a valid sequence
 * }</pre>
 */
public final class MalformedCsvException extends CsvFileException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Kind {
        /** A quoted field opened and never closed before the end of the file. */
        UNTERMINATED_QUOTE,
        /** Bytes that are not valid UTF-8 (overlong, surrogate, truncated or stray bytes). */
        INVALID_UTF8,
        /** Text between a closing quote and the next comma or line end, e.g. {@code "abc"x}. */
        TEXT_AFTER_CLOSING_QUOTE,
        /** Any other parse failure reported by the CSV parser. */
        UNPARSEABLE
    }

    private final Kind kind;

    MalformedCsvException(String file, long line, long column, Kind kind, String problem, Throwable cause) {
        super(file, line, column, problem, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
