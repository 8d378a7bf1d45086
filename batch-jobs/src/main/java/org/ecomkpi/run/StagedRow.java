package org.ecomkpi.run;

import java.util.List;
import java.util.Objects;

/** An accepted row on its way to a staged part: the file it came from and its staged cells. */
public record StagedRow(String fileKey, List<String> cells) {
    public StagedRow {
        Objects.requireNonNull(fileKey, "fileKey");
        cells = List.copyOf(cells);
    }
}
