package org.ecomkpi.step.validate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds safe places to cut a plain CSV file into byte ranges: the first row that begins at or after each target
 * offset. It follows the quote state exactly as {@code CsvRowReader} does (a quote opens a quoted field only at the
 * start of a field, a doubled quote inside one is a quote, a line break inside quotes is part of the field), so a
 * cut never falls inside a quoted field that holds line breaks. Cuts are placed only after a record that ends with
 * an LF (bare or in CRLF), never after the header, and come with the physical line the next row starts on, which is
 * what the reader reports for rows of a range that starts there.
 *
 * <p>The scan is one pass over the bytes with no decoding: quotes, commas, CR and LF are ASCII and never occur
 * inside a multi-byte UTF-8 sequence. Malformed content is not judged here; the reader of the range that holds
 * it reports it (an unterminated quote simply leaves no cut after it).
 */
final class RowBoundaries {
    private static final int RECORD_START = 0;
    private static final int FIELD_START = 1;
    private static final int UNQUOTED = 2;
    private static final int QUOTED = 3;
    private static final int QUOTE_SEEN = 4;

    /** Where a range starts: the byte offset of its first row's line, and that line's number. */
    record Cut(long offset, long line) {
    }

    private RowBoundaries() {
    }

    /**
     * The cut for each target (ascending offsets), in order; targets that fall after the last row, or on the same
     * row as an earlier target, give no cut. Reads {@code in} to its end (or until every target is placed).
     */
    static List<Cut> find(InputStream in, long size, long[] targets) {
        List<Cut> cuts = new ArrayList<>();
        byte[] buffer = new byte[1 << 16];
        int state = RECORD_START;
        boolean afterCr = false;
        boolean crEndedRecord = false;
        long line = 1;
        long records = 0;
        int next = 0;
        long offset = 0;
        try {
            for (int n = in.read(buffer); n >= 0 && next < targets.length; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    int b = buffer[i];
                    long after = offset + i + 1;
                    if (b == '\n' || b == '\r') {
                        boolean cutHere;
                        if (b == '\n' && afterCr) {
                            afterCr = false;
                            cutHere = crEndedRecord;
                            crEndedRecord = false;
                        } else {
                            line++;
                            afterCr = b == '\r';
                            crEndedRecord = false;
                            cutHere = false;
                            if (state != RECORD_START && state != QUOTED) {
                                records++;
                                state = RECORD_START;
                                crEndedRecord = afterCr;
                                cutHere = b == '\n';
                            }
                        }
                        if (cutHere && records > 1 && after < size && after >= targets[next]) {
                            cuts.add(new Cut(after, line));
                            while (next < targets.length && targets[next] <= after) {
                                next++;
                            }
                            if (next == targets.length) {
                                break;
                            }
                        }
                        continue;
                    }
                    afterCr = false;
                    switch (state) {
                        case UNQUOTED:
                            if (b == ',') {
                                state = FIELD_START;
                            }
                            break;
                        case QUOTED:
                            if (b == '"') {
                                state = QUOTE_SEEN;
                            }
                            break;
                        default: // RECORD_START, FIELD_START, QUOTE_SEEN
                            if (b == '"') {
                                state = QUOTED; // opens a quoted field, or (after a quote) is a doubled quote
                            } else if (b == ',') {
                                state = FIELD_START;
                            } else {
                                state = UNQUOTED; // after a closing quote: text or spaces up to the delimiter
                            }
                            break;
                    }
                }
                offset += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan for row boundaries: " + e.getMessage(), e);
        }
        return cuts;
    }
}
