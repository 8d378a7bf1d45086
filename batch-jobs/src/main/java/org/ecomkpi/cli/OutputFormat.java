package org.ecomkpi.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ecomkpi.run.JsonText;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How {@code kpis} writes rows: aligned columns for people, CSV or JSON for programs, a self-contained HTML page
 * with charts ({@link KpiPage}).
 */
enum OutputFormat {
    /** Aligned columns with a header and a rule. */
    TABLE {
        @Override
        void write(KpiTable table, List<List<Object>> rows, PrintWriter out) {
            List<KpiColumn> columns = table.columns();
            TextTable text = TextTable.withColumns(columns.stream().map(KpiColumn::name).toList(),
                    columns.stream().map(KpiColumn::isNumber).toList());
            for (List<Object> row : rows) {
                text.row(cells(columns, row));
            }
            out.println(table.tableName() + " (" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
            text.print(out, "");
        }
    },
    /** RFC 4180 CSV: a header of the attribute names, then one line a row; key cells spreadsheet-safe. */
    CSV {
        @Override
        void write(KpiTable table, List<List<Object>> rows, PrintWriter out) {
            List<KpiColumn> columns = table.columns();
            csvLine(out, columns.stream().map(KpiColumn::name).toList());
            for (List<Object> row : rows) {
                List<String> cells = new ArrayList<>(columns.size());
                for (int c = 0; c < columns.size(); c++) {
                    cells.add(columns.get(c).csv(row.get(c)));
                }
                csvLine(out, cells);
            }
            out.flush();
        }
    },
    /** A JSON array of objects keyed by attribute name; KPI values are JSON numbers. */
    JSON {
        @Override
        void write(KpiTable table, List<List<Object>> rows, PrintWriter out) {
            List<KpiColumn> columns = table.columns();
            if (rows.isEmpty()) {
                out.print("[]\n");
                out.flush();
                return;
            }
            out.print("[\n");
            for (int r = 0; r < rows.size(); r++) {
                Map<String, Object> object = new LinkedHashMap<>();
                for (int c = 0; c < columns.size(); c++) {
                    object.put(columns.get(c).name(), columns.get(c).json(rows.get(r).get(c)));
                }
                out.print("  " + JsonText.of(object) + (r < rows.size() - 1 ? ",\n" : "\n"));
            }
            out.print("]\n");
            out.flush();
        }
    },
    /** A self-contained HTML page: the table, a chart of revenue per day and, for categories, per category. */
    HTML {
        @Override
        void write(KpiTable table, List<List<Object>> rows, PrintWriter out) {
            writePage(Map.of(table, rows), table.tableName(), out);
        }
    };

    /** The page of {@link #HTML} for several tables at once. */
    static void writePage(Map<KpiTable, List<List<Object>>> rows, String scope, PrintWriter out) {
        out.print(KpiPage.html(rows, scope));
        out.flush();
    }

    abstract void write(KpiTable table, List<List<Object>> rows, PrintWriter out);

    private static List<String> cells(List<KpiColumn> columns, List<Object> row) {
        List<String> cells = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            cells.add(columns.get(c).text(row.get(c)));
        }
        return cells;
    }

    // '\n' whatever the platform: the output is a file format, not console text
    private static void csvLine(PrintWriter out, List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String cell = cells.get(i);
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                line.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                line.append(cell);
            }
        }
        out.print(line.append('\n'));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code --format}: table, csv, json or html, any case. */
    static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            for (OutputFormat format : values()) {
                if (format.toString().equalsIgnoreCase(value.trim())) {
                    return format;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a format; use table, csv, json or html");
        }
    }
}
