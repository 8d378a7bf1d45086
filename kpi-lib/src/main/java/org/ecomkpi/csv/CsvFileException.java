package org.ecomkpi.csv;

/**
 * A file that cannot be read as a whole: the batch holding it fails (SPEC section 4). Always names the file,
 * and the line and column where the problem was found (line 1 for header problems).
 */
public abstract class CsvFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final long column;

    protected CsvFileException(String file, long line, long column, String problem, Throwable cause) {
        super(file + ": line " + line + ", column " + column + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public long column() {
        return column;
    }
}
