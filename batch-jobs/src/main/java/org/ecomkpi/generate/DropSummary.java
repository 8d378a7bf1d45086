package org.ecomkpi.generate;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ecomkpi.row.FileType;

/**
 * What the generator wrote under one root (a drop, or one batch of a split drop or of a lifecycle drop): the
 * files, the data rows per file type (header lines not counted), the defects planted per file type and, in a
 * change batch, the changes made to earlier orders, items and products.
 *
 * @param root        the directory holding {@code landing-data/}
 * @param files       every file written, in writing order
 * @param rowsWritten data rows per file type, bad rows included
 * @param injected    planted defects per defect and file type (absent = none)
 * @param changes     changes per kind (absent = none; always empty outside change batches)
 */
public record DropSummary(
        Path root,
        List<Path> files,
        Map<FileType, Long> rowsWritten,
        Map<Defect, Map<FileType, Long>> injected,
        Map<Change, Long> changes) {

    public DropSummary {
        Objects.requireNonNull(root, "root");
        files = List.copyOf(files);
        EnumMap<FileType, Long> rows = new EnumMap<>(FileType.class);
        for (FileType type : FileType.values()) {
            rows.put(type, rowsWritten.getOrDefault(type, 0L));
        }
        rowsWritten = Collections.unmodifiableMap(rows);
        EnumMap<Defect, Map<FileType, Long>> planted = new EnumMap<>(Defect.class);
        injected.forEach((defect, byType) -> planted.put(defect, Collections.unmodifiableMap(new EnumMap<>(byType))));
        injected = Collections.unmodifiableMap(planted);
        EnumMap<Change, Long> changed = new EnumMap<>(Change.class);
        changed.putAll(changes);
        changes = Collections.unmodifiableMap(changed);
    }

    /** A summary without changes: a drop, or a batch of a split drop. */
    public DropSummary(Path root, List<Path> files, Map<FileType, Long> rowsWritten,
            Map<Defect, Map<FileType, Long>> injected) {
        this(root, files, rowsWritten, injected, Map.of());
    }

    /** The {@code landing-data} folder under the root, the folder a run takes its batch from. */
    public Path landingData() {
        return root.resolve("landing-data");
    }

    /** Data rows written to files of this type. */
    public long rowsWritten(FileType type) {
        return rowsWritten.get(type);
    }

    /** Rows planted with this defect, over all file types. */
    public long injected(Defect defect) {
        return injected.getOrDefault(defect, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rows planted with this defect in files of this type. */
    public long injected(Defect defect, FileType type) {
        return injected.getOrDefault(defect, Map.of()).getOrDefault(type, 0L);
    }

    /** How many changes of this kind the batch makes. */
    public long changes(Change change) {
        return changes.getOrDefault(change, 0L);
    }

    /** Rows a correct validator rejects in files of this type: the planted reject defects. */
    public long expectedRejects(FileType type) {
        long sum = 0;
        for (Defect defect : Defect.values()) {
            if (!defect.isWarning()) {
                sum += injected(defect, type);
            }
        }
        return sum;
    }

    /** Rows a correct validator accepts in files of this type. */
    public long expectedAccepted(FileType type) {
        return rowsWritten(type) - expectedRejects(type);
    }
}
