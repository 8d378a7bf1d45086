package org.ecomkpi.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.row.FileType;

/**
 * The validate job's output, kept in the bucket under {@code runs/<runId>/staging/} so that it outlives the
 * JVM (a container killed mid-run restarts elsewhere): the accepted rows of each chunk as one part object,
 * the rejects of each chunk as another, and the step's {@link StepTally}. One part per chunk means a
 * restarted chunk simply rewrites the same part; nothing is ever appended.
 *
 * <p>Accepted rows are staged as the validator judged them, in {@link AcceptedRows}' binary form (items as the
 * version the KPIs count, with the category their product has now), which is all the transform job needs and
 * needs no parsing again; rejects in CSV ({@link #encode}), as the reject files show them.
 */
public final class Staging {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private Staging() {
    }

    /** Accepted rows of chunk {@code part} of a type's step, in {@link AcceptedRows}' binary form. */
    public static String acceptedPart(String runId, FileType type, int part) {
        return BucketLayout.acceptedPart(runId, type.folder(), part);
    }

    /** Rejected rows of chunk {@code part} of a type's step: file key, line, rule, message, then the cells. */
    public static String rejectedPart(String runId, FileType type, int part) {
        return BucketLayout.rejectedPart(runId, type.folder(), part);
    }

    public static String tally(String runId, FileType type) {
        return BucketLayout.tally(runId, type.folder());
    }

    /** The partition plan of a type's partitioned validate step, kept so that a restart reuses it. */
    public static String partitionPlan(String runId, FileType type) {
        return BucketLayout.partitionPlan(runId, type.folder());
    }

    /**
     * Where one partition of a partitioned validate step (orders, order_items) stages its chunks: the same parts
     * as a step's, plus the source position of each accepted row, its own tally and, when its range could not be
     * read, the failure. The step's combining batchlet turns them into the type's own parts. The keys are
     * {@link BucketLayout}'s.
     */
    public record PartitionKeys(String runId, FileType type, int partition) {
        public String acceptedPart(int part) {
            return BucketLayout.partitionAcceptedPart(runId, type.folder(), partition, part);
        }

        public String rejectedPart(int part) {
            return BucketLayout.partitionRejectedPart(runId, type.folder(), partition, part);
        }

        /** Byte offset and line where each accepted row of the part starts in its file, as varints. */
        public String positionsPart(int part) {
            return BucketLayout.partitionPositionsPart(runId, type.folder(), partition, part);
        }

        /**
         * The partition's tally once its first {@code parts} parts are staged: one object per part count, never
         * overwritten with other content, so that a process that lost its lease while frozen in the middle of a write
         * can only write again what the process that took the run over wrote (every partition object is a function of
         * the rows of its range and the chunk size).
         */
        public String tally(int parts) {
            return BucketLayout.partitionTally(runId, type.folder(), partition, parts);
        }

        /** The prefix of the partition's tallies; the one of the most parts is the partition's last. */
        public String tallyPrefix() {
            return BucketLayout.partitionTallyPrefix(runId, type.folder(), partition);
        }

        public String failure() {
            return BucketLayout.partitionFailure(runId, type.folder(), partition);
        }
    }

    /** Chunk {@code part} of the versions the transform job's aggregate step collected (kpi-lib's binary form). */
    public static String versionsPart(String runId, int part) {
        return BucketLayout.versionsPart(runId, part);
    }

    /** Where {@link #versionsPart} are kept; their keys sort in part order. */
    public static String versionsFolder(String runId) {
        return BucketLayout.versions(runId);
    }

    // ------------------------------------------------------------------ parts

    /** Encodes rows as one part object's bytes. */
    public static byte[] encode(List<List<String>> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(256, rows.size() * 64));
        try (CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), FORMAT)) {
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A printer writing records in the parts' format, e.g. to spool a chunk's rejects on local disk. */
    public static CSVPrinter printer(java.io.Writer out) throws IOException {
        return new CSVPrinter(out, FORMAT);
    }

    /** Streams the records of a part object. The caller closes the result. */
    public static PartReader read(Bucket bucket, String key) {
        return new PartReader(bucket, key, 0);
    }

    /**
     * Streams the records of a part object from a byte offset that {@link PartReader#position()} gave (a ranged
     * read: the bytes before it are not downloaded again). The caller closes the result.
     */
    public static PartReader read(Bucket bucket, String key, long offset) {
        return new PartReader(bucket, key, offset);
    }

    /**
     * A part object's records, streamed, with the byte offset of the next one: a restarted reader continues there.
     * Parts never hold empty lines (the printer writes an empty record as {@code ""}), so Commons CSV's byte
     * tracking gives exact record starts.
     */
    public static final class PartReader implements AutoCloseable, Iterable<CSVRecord> {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final long offset;
        private CSVRecord next;

        private PartReader(Bucket bucket, String key, long offset) {
            this.offset = offset;
            Reader reader = new InputStreamReader(bucket.read(key, offset), StandardCharsets.UTF_8);
            try {
                parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).setTrackBytes(true).get();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read staged part " + key, e);
            }
            records = parser.iterator();
            next = records.hasNext() ? records.next() : null;
        }

        /** The next record, or null at the end of the part. */
        public CSVRecord nextRecord() {
            CSVRecord current = next;
            if (current != null) {
                next = records.hasNext() ? records.next() : null;
            }
            return current;
        }

        /** Byte offset in the part of the next record {@link #nextRecord()} returns, or -1 at the end of the part. */
        public long position() {
            return next == null ? -1 : offset + next.getBytePosition();
        }

        @Override
        public Iterator<CSVRecord> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public CSVRecord next() {
                    if (next == null) {
                        throw new java.util.NoSuchElementException();
                    }
                    return nextRecord();
                }
            };
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ------------------------------------------------------------------ staged row forms

    /** A reject as staged: the file, line, rule and message, then the row's original cells. */
    public static List<String> rejectCells(String fileKey, long line, String rule, String message, List<String> cells) {
        List<String> row = new ArrayList<>(cells.size() + 4);
        row.add(fileKey);
        row.add(Long.toString(line));
        row.add(rule);
        row.add(message);
        row.addAll(cells);
        return row;
    }
}
