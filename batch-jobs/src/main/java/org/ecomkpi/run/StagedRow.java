package org.ecomkpi.run;

import java.util.Objects;

/**
 * An accepted row on its way to a staged part: the file it came from, the row as judged, in the form
 * {@link AcceptedRows} stages it (an order, an item version, or a product with its file), and where it starts in
 * its file (the byte offset and line a reader resumes at to read it again).
 */
public record StagedRow(String fileKey, Object row, long offset, long line) {
    public StagedRow {
        Objects.requireNonNull(fileKey, "fileKey");
        Objects.requireNonNull(row, "row");
    }
}
