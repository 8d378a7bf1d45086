package org.ecomkpi.csv;

import java.util.List;
import java.util.stream.Collectors;

import org.ecomkpi.row.Column;
import org.ecomkpi.row.FileType;

/** A header that lacks required columns (or an empty file with no header at all). */
public final class SchemaException extends CsvFileException {
    private static final long serialVersionUID = 1L;

    /** The most characters of column names a message echoes. */
    static final int MAX_HEADER_ECHO = 1024;

    private final List<Column> missing;

    private SchemaException(String file, String problem, List<Column> missing) {
        super(file, 1, 1, problem, null);
        this.missing = List.copyOf(missing);
    }

    static SchemaException missingColumns(String file, FileType type, List<Column> missing, List<String> found) {
        String names = missing.stream().map(Column::header).collect(Collectors.joining(", "));
        return new SchemaException(file,
                type.folder() + " file lacks required column(s) " + names + "; header has " + echo(found), missing);
    }

    /**
     * The header as the message shows it, at most {@value #MAX_HEADER_ECHO} characters of names and then an
     * ellipsis: the message goes to logs, the report and a notification (SNS takes 256 KB), and a producer's
     * header can be megabytes long. The column count is always given.
     */
    static String echo(List<String> header) {
        StringBuilder names = new StringBuilder();
        for (String name : header) {
            if (names.length() > 0) {
                names.append(", ");
            }
            names.append(name);
            if (names.length() > MAX_HEADER_ECHO) {
                names.setLength(MAX_HEADER_ECHO);
                names.append('\u2026');
                break;
            }
        }
        return header.size() + (header.size() == 1 ? " column: [" : " columns: [") + names + "]";
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
