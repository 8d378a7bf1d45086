package org.ecomkpi.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Streams one CSV file in a {@link FileLayout}: RFC 4180 quoting, the layout's line ends, BOM and header. */
final class CsvSink implements Closeable {
    private final FileLayout layout;
    private final BufferedWriter out;
    private final String lineEnd;
    private final String[] cells = new String[Field.COUNT];
    private long rows;

    CsvSink(Path file, FileLayout layout) throws IOException {
        Files.createDirectories(file.getParent());
        this.layout = layout;
        this.out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
        this.lineEnd = layout.crlf() ? "\r\n" : "\n";
        if (layout.bom()) {
            out.write('\uFEFF');
        }
        writeLine(layout.headerNames());
    }

    /** Sets a cell of the row being built; cells not set are written empty. */
    CsvSink set(Field field, String value) {
        cells[field.ordinal()] = value;
        return this;
    }

    /** Writes the row being built (only the layout's columns) and starts an empty one. */
    void endRow() throws IOException {
        List<Field> columns = layout.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            String value = cells[columns.get(i).ordinal()];
            writeCell(value == null ? "" : value);
        }
        out.write(lineEnd);
        java.util.Arrays.fill(cells, null);
        rows++;
    }

    long rows() {
        return rows;
    }

    FileLayout layout() {
        return layout;
    }

    private void writeLine(List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            writeCell(values.get(i));
        }
        out.write(lineEnd);
    }

    private void writeCell(String value) throws IOException {
        if (layout.quoteAll() || needsQuotes(value)) {
            out.write('"');
            out.write(value.replace("\"", "\"\""));
            out.write('"');
        } else {
            out.write(value);
        }
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
