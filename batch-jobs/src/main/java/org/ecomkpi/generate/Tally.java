package org.ecomkpi.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.ecomkpi.row.FileType;

/** Counts what is written under one root while it is written; becomes a {@link DropSummary}. */
final class Tally {
    private final Path root;
    private final List<Path> files = new ArrayList<>();
    private final Map<FileType, Long> rows = new EnumMap<>(FileType.class);
    private final Map<Defect, Map<FileType, Long>> injected = new EnumMap<>(Defect.class);
    private final Map<Change, Long> changes = new EnumMap<>(Change.class);

    Tally(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    void file(Path file, FileType type, long rowCount) {
        files.add(file);
        rows.merge(type, rowCount, Long::sum);
    }

    void injected(Defect defect, FileType type) {
        injected.computeIfAbsent(defect, d -> new EnumMap<>(FileType.class)).merge(type, 1L, Long::sum);
    }

    void changed(Change change) {
        changes.merge(change, 1L, Long::sum);
    }

    DropSummary summary() {
        return new DropSummary(root, files, rows, injected, changes);
    }
}
