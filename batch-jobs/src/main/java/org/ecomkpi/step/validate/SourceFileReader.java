package org.ecomkpi.step.validate;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.batch.api.chunk.ItemReader;
import jakarta.inject.Named;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.csv.CsvFileException;
import org.ecomkpi.csv.CsvHeader;
import org.ecomkpi.csv.CsvRowReader;
import org.ecomkpi.csv.ReadPosition;
import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.run.Progress;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.RunOutcome;
import org.ecomkpi.run.Staging;

/**
 * Reads the rows of every file of one type in the batch, file after file, streaming. Its checkpoint is a
 * {@link FileCursor}, so a restart continues at the byte where the last committed chunk ended. Gzip files are read
 * through {@link SourceContent}: their offsets count decompressed bytes, and a restart inside one decompresses
 * the file again from its start up to the checkpointed offset.
 *
 * <p>In a partitioned step it reads its partition's {@link SourceRange} only: one file, or the rows of one file
 * that start in a byte range; its checkpoint is then the partition's own.
 *
 * <p>A file that cannot be read as a whole (schema error, invalid UTF-8, unterminated quote) fails the batch:
 * the reader records where and why, ends the step with exit status {@code REJECTED} (a partition leaves that to
 * {@link CombinePartitionsBatchlet}), and the job moves the batch to {@code invalid-data/}.
 */
@Named
public class SourceFileReader extends RangeArtifact implements ItemReader {
    public static final String REJECTED = "REJECTED";

    private ValidationRun run;
    private SourceRange range;
    /** The partition's keys, where a failure to read its range is recorded; null in a step that is not partitioned. */
    private Staging.PartitionKeys keys;
    private List<InputFile> files;
    private int fileIndex;
    private long bytesBefore;
    private CsvRowReader reader;
    private Progress progress;

    @Override
    public void open(Serializable checkpoint) {
        FileType type = FileType.ofFolder(fileType).orElseThrow(
                () -> new IllegalArgumentException("fileType '" + fileType + "' is none of orders, order_items, products"));
        run = ValidationRun.of(jobContext, storage, runId, bucketLocation, storeSpec);
        range = range();
        keys = range.partitioned() ? new Staging.PartitionKeys(runId, type, range.partition()) : null;
        files = range.files(run.manifest.toRead(type));
        FileCursor at = checkpoint == null ? range.start() : (FileCursor) checkpoint;
        fileIndex = at.fileIndex();
        for (int i = 0; i < fileIndex && i < files.size(); i++) {
            bytesBefore += files.get(i).size();
        }
        long total = files.stream().mapToLong(InputFile::size).sum();
        if (range.partitioned()) {
            long end = range.endOffset() < 0 ? total : range.endOffset();
            bytesBefore = -range.startOffset(); // progress counts the range's bytes only
            progress = new Progress(type.folder() + " partition " + range.partition(), end - range.startOffset());
        } else {
            progress = new Progress(type.folder(), total);
        }
        if (fileIndex < files.size() && at.byteOffset() > 0) {
            InputFile file = files.get(fileIndex);
            Bucket bucket = run.bucket;
            CsvHeader header;
            try (CsvRowReader headerOnly = CsvRowReader.open(SourceContent.open(bucket, file.key()), file.key(), type)) {
                header = headerOnly.header();
            }
            reader = CsvRowReader.resume(SourceContent.openAt(bucket, file.key(), at.byteOffset()), file.key(), header,
                    new ReadPosition(at.byteOffset(), at.line()));
        }
        if (checkpoint != null) {
            Map<String, Object> fields = new LinkedHashMap<>(); // in this order on the line
            if (range.partitioned()) {
                fields.put("partition", range.partition());
            }
            fields.put("fileIndex", fileIndex);
            fields.put("file", fileIndex < files.size() ? files.get(fileIndex).relativePath() : "(all read)");
            fields.put("byteOffset", at.byteOffset());
            fields.put("line", at.line());
            RunLog.info(runId, "validate", fileType, "resuming from checkpoint", fields);
        }
    }

    @Override
    public Object readItem() {
        while (fileIndex < files.size()) {
            InputFile file = files.get(fileIndex);
            try {
                if (reader == null) {
                    FileType type = file.type().orElseThrow();
                    reader = CsvRowReader.open(SourceContent.open(run.bucket, file.key()), file.key(), type);
                }
                ReadPosition from = reader.position();
                Optional<SourceRow> row = range.endsBefore(from.byteOffset()) ? Optional.empty() : reader.next();
                if (row.isPresent()) {
                    progress.row(() -> bytesBefore + reader.position().byteOffset());
                    return new ReadRow(row.get(), from);
                }
            } catch (CsvFileException e) {
                failBatch(file, e);
                return null;
            } catch (UncheckedIOException e) {
                Optional<IOException> corrupt = SourceContent.corruptGzip(e);
                if (corrupt.isEmpty()) {
                    throw e; // the stream broke, the data may be fine: a retry can succeed
                }
                long line = reader == null ? 1 : reader.position().line();
                failBatch(file, RunOutcome.Reason.UNREADABLE_FILE, file.key() + ": line " + line
                        + ": not a valid gzip stream: " + corrupt.get().getMessage(), line, 1);
                return null;
            }
            reader.close();
            reader = null;
            bytesBefore += file.size();
            fileIndex++;
        }
        return null;
    }

    private void failBatch(InputFile file, CsvFileException e) {
        RunOutcome.Reason reason = e instanceof org.ecomkpi.csv.SchemaException ? RunOutcome.Reason.SCHEMA_ERROR
                : RunOutcome.Reason.UNREADABLE_FILE;
        failBatch(file, reason, e.getMessage(), e.line(), e.column());
    }

    private void failBatch(InputFile file, RunOutcome.Reason reason, String message, long line, long column) {
        RunOutcome.Rejection rejection = RunOutcome.Rejection.inFile(reason, message, file.relativePath(), line, column);
        if (keys == null) {
            RunOutcome.readFrom(run.bucket, runId).rejection(rejection).writeTo(run.bucket, runId);
            stepContext.setExitStatus(REJECTED);
        } else {
            // partitions run side by side: the combining step reports the failure of the first one in file order
            PartitionFailure.write(run.bucket, keys, rejection);
        }
        RunLog.error(runId, "validate", fileType, "batch fails: " + message, Map.of("file", file.relativePath(),
                "line", line, "column", column, "reason", reason.name()));
        fileIndex = files.size();
    }

    @Override
    public Serializable checkpointInfo() {
        if (reader == null) {
            return new FileCursor(fileIndex, 0, 0);
        }
        ReadPosition next = reader.position();
        return new FileCursor(fileIndex, next.byteOffset(), next.line());
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
