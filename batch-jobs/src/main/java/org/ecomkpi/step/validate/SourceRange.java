package org.ecomkpi.step.validate;

import java.util.List;
import java.util.Properties;

import org.ecomkpi.run.InputFile;

/**
 * What one thread of a validate step reads: every file of the step's type (the products step, not partitioned),
 * or one partition of a partitioned step, which is one file or a byte range of one file. A range starts at a row
 * ({@code startOffset}, on {@code startLine}) and ends where the next partition's first row starts
 * ({@code endOffset}, or the file's end when {@code -1}), so every row is read by exactly one partition.
 */
record SourceRange(int partition, int fileIndex, long startOffset, long startLine, long endOffset) {
    /** Not partitioned: every file of the step, from its first row. */
    static final SourceRange WHOLE_STEP = new SourceRange(-1, 0, 0, 0, -1);

    static final String PARTITION = "partition";
    static final String FILE_INDEX = "fileIndex";
    static final String START_OFFSET = "startOffset";
    static final String START_LINE = "startLine";
    static final String END_OFFSET = "endOffset";

    boolean partitioned() {
        return partition >= 0;
    }

    /** The files this range reads, of the step's files in the manifest. */
    List<InputFile> files(List<InputFile> stepFiles) {
        if (!partitioned()) {
            return stepFiles;
        }
        return fileIndex < stepFiles.size() ? List.of(stepFiles.get(fileIndex)) : List.of();
    }

    /** Where the reader starts when it has no checkpoint yet. */
    FileCursor start() {
        return partitioned() ? new FileCursor(0, startOffset, startLine) : FileCursor.START;
    }

    /** Whether a reader whose next row starts at {@code offset} has read the whole range. */
    boolean endsBefore(long offset) {
        return endOffset >= 0 && offset >= endOffset;
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty(PARTITION, Integer.toString(partition));
        p.setProperty(FILE_INDEX, Integer.toString(fileIndex));
        p.setProperty(START_OFFSET, Long.toString(startOffset));
        p.setProperty(START_LINE, Long.toString(startLine));
        p.setProperty(END_OFFSET, Long.toString(endOffset));
        return p;
    }

    /** The range the partition plan gave a partition's artifacts; the whole step when they got none. */
    static SourceRange of(String partition, String fileIndex, String startOffset, String startLine, String endOffset) {
        if (partition == null || partition.isBlank()) {
            return WHOLE_STEP;
        }
        return new SourceRange(Integer.parseInt(partition), Integer.parseInt(fileIndex), Long.parseLong(startOffset),
                Long.parseLong(startLine), Long.parseLong(endOffset));
    }
}
