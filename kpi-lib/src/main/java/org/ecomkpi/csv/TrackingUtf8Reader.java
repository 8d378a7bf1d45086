package org.ecomkpi.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Objects;
import java.util.Optional;

import org.ecomkpi.csv.MalformedCsvException.Kind;

/**
 * Decodes UTF-8 strictly and, in the same pass, follows the RFC 4180 quote state, so that it knows where each
 * record starts and ends in bytes and physical lines. Commons CSV parses cells from the characters handed out
 * here; this reader answers what Commons CSV cannot: exact byte offsets for restart (its own byte tracking
 * encodes every character again, allocating, and points records that follow empty lines at those lines),
 * the line each record starts on, the opening quote of an unterminated field, and the exact line and column
 * of the first byte that is not UTF-8.
 *
 * <p>Characters are decoded ahead of the parser (it buffers), so boundaries are queued and claimed by the
 * parser's records in order with {@link #takeRecord()}. The quote-state rules mirror Commons CSV's lexer for
 * {@link CsvRowReader}'s format (quote {@code "}, delimiter {@code ,}, no escape, no comments, empty lines
 * ignored, CR, LF and CRLF all ending a line), so both agree on which characters form which record.
 */
final class TrackingUtf8Reader extends Reader {
    private static final int RECORD_START = 0;
    private static final int FIELD_START = 1;
    private static final int UNQUOTED = 2;
    private static final int QUOTED = 3;
    private static final int QUOTE_SEEN = 4;
    private static final int AFTER_QUOTE = 5;

    private static final long SPECIAL_ASCII = 1L << ',' | 1L << '"' | 1L << '\r' | 1L << '\n';

    /** Returned by {@link #decodeSequence} when the caller should first hand out the characters it holds. */
    private static final int HAND_OUT_FIRST = -1;

    private final InputStream in;
    private final String file;
    private final byte[] bytes = new byte[1 << 16];
    private int pos;
    private int limit;
    /** File offset of {@code bytes[0]}. */
    private long bufferOffset;
    private boolean started;
    private boolean endOfStream;
    private boolean finished;
    private boolean streamFailed;
    /** Second half of a supplementary character that did not fit the caller's buffer; 0 when none. */
    private char pendingLowSurrogate;

    private int state = RECORD_START;
    private long line;
    /** Code points already seen on the current line. */
    private long column;
    private boolean afterCr;
    private boolean crEndedRecord;
    private long quoteLine;
    private long quoteColumn;
    private MalformedCsvException structuralProblem;

    // Ring of record boundaries, indexed by record count & mask: decoded but not yet claimed by the parser.
    private int mask = 63;
    private long[] startLines = new long[64];
    private long[] endOffsets = new long[64];
    private long[] endLines = new long[64];
    private long recordsStarted;
    private long recordsEnded;
    private long recordsTaken;
    private long takenStartLine;
    private long takenEndOffset;
    private long takenEndLine;

    TrackingUtf8Reader(InputStream in, String file, ReadPosition from) {
        this.in = Objects.requireNonNull(in, "in");
        this.file = file;
        this.bufferOffset = from.byteOffset();
        this.line = from.line();
    }

    @Override
    public int read(char[] out, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, out.length);
        if (len == 0) {
            return 0;
        }
        if (!started) {
            start();
        }
        int o = off;
        final int end = off + len;
        if (pendingLowSurrogate != 0) {
            out[o++] = pendingLowSurrogate;
            pendingLowSurrogate = 0;
        }
        final byte[] b = bytes;
        int p = pos;
        while (o < end) {
            if (p >= limit) {
                pos = p;
                if (o > off) {
                    break; // hand out what we have rather than block for more
                }
                if (!fill()) {
                    atEndOfInput();
                    return -1;
                }
                p = pos;
                continue;
            }
            int b0 = b[p];
            if (b0 >= 0) {
                if ((state == UNQUOTED || state == QUOTED) && !isSpecial(b0)) {
                    // The common case: a run of plain ASCII inside a field moves nothing but the column.
                    final int runStart = p;
                    final int runEnd = Math.min(limit, p + (end - o));
                    do {
                        out[o++] = (char) b0;
                        p++;
                    } while (p < runEnd && (b0 = b[p]) >= 0 && !isSpecial(b0));
                    column += p - runStart;
                    afterCr = false;
                    continue;
                }
                p++;
                track(b0, bufferOffset + p);
                out[o++] = (char) b0;
                continue;
            }
            pos = p;
            final int cp = decodeSequence(o > off);
            if (cp == HAND_OUT_FIRST) {
                break;
            }
            if (cp >= Character.MIN_SUPPLEMENTARY_CODE_POINT) {
                out[o++] = Character.highSurrogate(cp);
                if (o < end) {
                    out[o++] = Character.lowSurrogate(cp);
                } else {
                    pendingLowSurrogate = Character.lowSurrogate(cp);
                }
            } else {
                out[o++] = (char) cp;
            }
            p = pos;
            track(cp, bufferOffset + p);
        }
        pos = p;
        return o - off;
    }

    /** Whether an ASCII character can change the quote state or the line: comma, quote, CR, LF. */
    private static boolean isSpecial(int ascii) {
        return ascii < 64 && (SPECIAL_ASCII >>> ascii & 1L) != 0;
    }

    private void start() throws IOException {
        started = true;
        if (bufferOffset != 0) {
            return;
        }
        while (limit < 3 && !endOfStream) {
            readMore();
        }
        // The byte-order mark is counted in offsets but is not part of the first column name.
        if (limit >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
            pos = 3;
        }
    }

    /** Refills an exhausted buffer; false at end of stream. */
    private boolean fill() throws IOException {
        bufferOffset += limit;
        pos = 0;
        limit = 0;
        while (limit == 0 && !endOfStream) {
            readMore();
        }
        return limit > 0;
    }

    /** Moves the unread bytes to the front and reads once more behind them. */
    private void readMore() throws IOException {
        if (pos > 0) {
            System.arraycopy(bytes, pos, bytes, 0, limit - pos);
            bufferOffset += pos;
            limit -= pos;
            pos = 0;
        }
        int n;
        try {
            n = in.read(bytes, limit, bytes.length - limit);
        } catch (IOException e) {
            streamFailed = true;
            throw e;
        }
        if (n < 0) {
            endOfStream = true;
        } else {
            limit += n;
        }
    }

    /**
     * Decodes the multi-byte sequence at {@code pos} and moves past it. When more bytes are needed or the bytes
     * are invalid while the caller already holds decoded characters, returns {@link #HAND_OUT_FIRST} so that
     * those are parsed before anything is read or reported.
     */
    private int decodeSequence(boolean holdingChars) throws IOException {
        while (true) {
            final int b0 = bytes[pos] & 0xFF;
            final int length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2;
            final int available = limit - pos;
            if (available < length && !endOfStream) {
                if (holdingChars) {
                    return HAND_OUT_FIRST;
                }
                readMore();
                continue;
            }
            final int cp = codePointAt(pos, Math.min(length, available));
            if (cp < 0) {
                if (holdingChars) {
                    return HAND_OUT_FIRST;
                }
                throw invalidUtf8(pos, available, length);
            }
            pos += length;
            return cp;
        }
    }

    /** The code point encoded at {@code p}, or -1 when the bytes are not shortest-form UTF-8 of a scalar value. */
    private int codePointAt(int p, int available) {
        final int b0 = bytes[p] & 0xFF;
        if (b0 < 0xC2 || b0 > 0xF4 || available < 2) {
            return -1;
        }
        final int b1 = bytes[p + 1] & 0xFF;
        if (b0 < 0xE0) {
            return (b1 & 0xC0) != 0x80 ? -1 : (b0 & 0x1F) << 6 | b1 & 0x3F;
        }
        // Second-byte ranges exclude overlong forms, UTF-16 surrogates and code points above U+10FFFF.
        int low = 0x80;
        int high = 0xBF;
        if (b0 == 0xE0) {
            low = 0xA0;
        } else if (b0 == 0xED) {
            high = 0x9F;
        } else if (b0 == 0xF0) {
            low = 0x90;
        } else if (b0 == 0xF4) {
            high = 0x8F;
        }
        if (b1 < low || b1 > high || available < 3) {
            return -1;
        }
        final int b2 = bytes[p + 2] & 0xFF;
        if ((b2 & 0xC0) != 0x80) {
            return -1;
        }
        if (b0 < 0xF0) {
            return (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | b2 & 0x3F;
        }
        if (available < 4) {
            return -1;
        }
        final int b3 = bytes[p + 3] & 0xFF;
        if ((b3 & 0xC0) != 0x80) {
            return -1;
        }
        return (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | b3 & 0x3F;
    }

    private MalformedCsvException invalidUtf8(int p, int available, int length) {
        final int lead = bytes[p] & 0xFF;
        final int shownLength = lead < 0xC2 || lead > 0xF4 ? 1 : Math.min(length, available);
        final StringBuilder shown = new StringBuilder();
        for (int i = 0; i < shownLength; i++) {
            shown.append(i == 0 ? "" : " ").append(String.format("0x%02X", bytes[p + i] & 0xFF));
        }
        final String why = available < length && shownLength > 1 ? " (the file ends inside it)" : "";
        return new MalformedCsvException(file, line, column + 1, Kind.INVALID_UTF8, "invalid UTF-8: byte(s) "
                + shown + " at byte offset " + (bufferOffset + p) + " are not a valid sequence" + why, null);
    }

    /** Follows one decoded code point; {@code offsetAfter} is the file offset of the byte after it. */
    private void track(int c, long offsetAfter) {
        if (c == '\n' || c == '\r') {
            lineBreak(c, offsetAfter);
            return;
        }
        column++;
        afterCr = false;
        switch (state) {
            case UNQUOTED:
                if (c == ',') {
                    state = FIELD_START;
                }
                break;
            case QUOTED:
                if (c == '"') {
                    state = QUOTE_SEEN;
                }
                break;
            case RECORD_START:
                startRecord();
                fieldStart(c);
                break;
            case FIELD_START:
                fieldStart(c);
                break;
            case QUOTE_SEEN:
                if (c == '"') {
                    state = QUOTED; // a doubled quote inside the field
                } else {
                    afterClosingQuote(c);
                }
                break;
            default: // AFTER_QUOTE
                afterClosingQuote(c);
                break;
        }
    }

    private void fieldStart(int c) {
        if (c == '"') {
            state = QUOTED;
            quoteLine = line;
            quoteColumn = column;
        } else if (c == ',') {
            state = FIELD_START; // an empty field; from RECORD_START this leaves the record started once
        } else {
            state = UNQUOTED;
        }
    }

    private void afterClosingQuote(int c) {
        if (c == ',') {
            state = FIELD_START;
        } else if (Character.isWhitespace(c)) {
            state = AFTER_QUOTE; // Commons CSV ignores whitespace between a closing quote and the delimiter
        } else {
            if (structuralProblem == null) {
                structuralProblem = new MalformedCsvException(file, line, column, Kind.TEXT_AFTER_CLOSING_QUOTE,
                        "text after the closing quote of the field opened at line " + quoteLine + ", column "
                                + quoteColumn + " (expected a comma or the end of the line)", null);
            }
            state = UNQUOTED;
        }
    }

    private void lineBreak(int c, long offsetAfter) {
        if (c == '\n' && afterCr) {
            afterCr = false;
            if (crEndedRecord) {
                endOffsets[(int) (recordsEnded - 1) & mask] = offsetAfter; // CRLF: resume after the LF
                crEndedRecord = false;
            }
            return;
        }
        line++;
        column = 0;
        afterCr = c == '\r';
        crEndedRecord = false;
        if (state != RECORD_START && state != QUOTED) {
            endRecord(offsetAfter);
            crEndedRecord = afterCr;
        }
    }

    private void atEndOfInput() {
        if (finished) {
            return;
        }
        finished = true;
        if (state == QUOTED && structuralProblem == null) {
            structuralProblem = new MalformedCsvException(file, quoteLine, quoteColumn, Kind.UNTERMINATED_QUOTE,
                    "quoted field opened here is never closed (end of file reached inside the quotes)", null);
        }
        if (state != RECORD_START) {
            endRecord(bufferOffset + limit); // last record without a final line break
        }
    }

    private void startRecord() {
        if (recordsStarted - recordsTaken == startLines.length) {
            grow();
        }
        startLines[(int) recordsStarted & mask] = line;
        recordsStarted++;
    }

    private void endRecord(long offsetAfter) {
        final int i = (int) recordsEnded & mask;
        endOffsets[i] = offsetAfter;
        endLines[i] = line;
        recordsEnded++;
        state = RECORD_START;
    }

    private void grow() {
        final int capacity = startLines.length * 2;
        final long[] starts = new long[capacity];
        final long[] offsets = new long[capacity];
        final long[] lines = new long[capacity];
        final int newMask = capacity - 1;
        for (long n = recordsTaken; n < recordsStarted; n++) {
            starts[(int) n & newMask] = startLines[(int) n & mask];
            offsets[(int) n & newMask] = endOffsets[(int) n & mask];
            lines[(int) n & newMask] = endLines[(int) n & mask];
        }
        startLines = starts;
        endOffsets = offsets;
        endLines = lines;
        mask = newMask;
    }

    /** Claims the boundaries of the record the parser has just returned. */
    void takeRecord() {
        if (recordsTaken >= recordsEnded) {
            throw new IllegalStateException(file + ": parser returned record " + (recordsTaken + 1)
                    + " before its end was decoded");
        }
        final int i = (int) recordsTaken & mask;
        takenStartLine = startLines[i];
        takenEndOffset = endOffsets[i];
        takenEndLine = endLines[i];
        recordsTaken++;
    }

    /** Line on which the last claimed record starts. */
    long takenStartLine() {
        return takenStartLine;
    }

    /** Where reading continues after the last claimed record. */
    ReadPosition takenEnd() {
        return new ReadPosition(takenEndOffset, takenEndLine);
    }

    /** The line of the record being parsed now (for errors the parser reports without a usable position). */
    long currentRecordLine() {
        return recordsStarted > recordsTaken ? startLines[(int) recordsTaken & mask] : line;
    }

    /** The first quoting error decoded so far, if any. */
    Optional<MalformedCsvException> structuralProblem() {
        return Optional.ofNullable(structuralProblem);
    }

    /** Whether the underlying stream itself failed (an I/O problem, not a data problem). */
    boolean streamFailed() {
        return streamFailed;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
