package org.ecomkpi.run;

import java.util.Objects;

/**
 * An accepted row on its way to a staged part: the file it came from and the row as judged, in the form
 * {@link AcceptedRows} stages it (an order, an item version, or a product with its file).
 */
public record StagedRow(String fileKey, Object row) {
    public StagedRow {
        Objects.requireNonNull(fileKey, "fileKey");
        Objects.requireNonNull(row, "row");
    }
}
