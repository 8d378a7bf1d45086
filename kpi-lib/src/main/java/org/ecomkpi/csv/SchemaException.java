package org.ecomkpi.csv;

import java.util.List;
import java.util.stream.Collectors;

import org.ecomkpi.row.Column;
import org.ecomkpi.row.FileType;

/** A header that lacks required columns (or an empty file with no header at all). */
public final class SchemaException extends CsvFileException {
    private static final long serialVersionUID = 1L;

    private final List<Column> missing;

    private SchemaException(String file, String problem, List<Column> missing) {
        super(file, 1, 1, problem, null);
        this.missing = List.copyOf(missing);
    }

    static SchemaException missingColumns(String file, FileType type, List<Column> missing, List<String> found) {
        String names = missing.stream().map(Column::header).collect(Collectors.joining(", "));
        return new SchemaException(file,
                type.folder() + " file lacks required column(s) " + names + "; header has " + found, missing);
    }

    /** An empty file: no header line at all. */
    public static SchemaException noHeader(String file, FileType type) {
        return new SchemaException(file, "empty file: no header; " + type.folder() + " files need columns "
                + type.requiredColumns().stream().map(Column::header).collect(Collectors.joining(", ")),
                type.requiredColumns());
    }

    /** The required columns the header lacks. */
    public List<Column> missingColumns() {
        return missing;
    }
}
