package org.ecomkpi.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.ecomkpi.store.KpiStore;
import org.ecomkpi.store.StoreLocation;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code kpis}: reads a KPI table from the store. */
@Command(name = "kpis", mixinStandardHelpOptions = true,
        description = {"Prints a KPI table, rows sorted by key. CSV and JSON use the attribute names of the "
                + "tables: money with 2 decimals, rates with 4. HTML is a self-contained page with charts of revenue "
                + "per day and per category (redirect it to a file and open that)."})
final class KpisCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Option(names = "--store", paramLabel = "S", converter = LocationConverters.Store.class,
            description = "Where the KPIs live: h2:<path> or dynamodb. Default: $PIPELINE_STORE, else h2:./.pipeline/store.")
    StoreLocation store;

    @Option(names = "--table", paramLabel = "TABLE", converter = KpiTable.Converter.class,
            description = "order_kpi_table or category_kpi_table. Required, except with --format html, which shows "
                    + "both tables when it is left out.")
    KpiTable table;

    @Option(names = "--date", paramLabel = "D", converter = DateConverter.class,
            description = "Only this order date (YYYY-MM-DD).")
    LocalDate date;

    @Option(names = "--category", paramLabel = "C", description = "Only this category (category_kpi_table).")
    String category;

    @Option(names = "--format", paramLabel = "F", converter = OutputFormat.Converter.class, defaultValue = "table",
            description = "table, csv, json or html. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Override
    public Integer call() {
        log.apply();
        if (table == null && format != OutputFormat.HTML) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--table=TABLE' (only "
                    + "--format html shows both tables)");
        }
        if (category != null && table != KpiTable.CATEGORY_KPI_TABLE) {
            throw new ParameterException(spec.commandLine(), "--category applies to category_kpi_table only, not "
                    + (table == null ? "both tables: add --table category_kpi_table" : table));
        }
        if (!store.exists()) {
            throw new CommandFailure(ExitCode.INFRASTRUCTURE, "no store at " + store + " (no file " + store.file()
                    + ")", "check --store, or fill the store first with 'pipeline run'");
        }
        try (KpiStore kpis = PipelineCommand.of(spec).store(store)) {
            if (format == OutputFormat.HTML) {
                Map<KpiTable, List<List<Object>>> rows = new LinkedHashMap<>();
                for (KpiTable shown : table == null ? List.of(KpiTable.values()) : List.of(table)) {
                    rows.put(shown, shown.rows(kpis, Optional.ofNullable(date), Optional.ofNullable(category)));
                }
                OutputFormat.writePage(rows, scope(), spec.commandLine().getOut());
            } else {
                List<List<Object>> rows = table.rows(kpis, Optional.ofNullable(date), Optional.ofNullable(category));
                format.write(table, rows, spec.commandLine().getOut());
            }
        }
        return ExitCode.SUCCESS.code();
    }

    /** What the rows shown are, for the page's heading: the store, and the filters when there are any. */
    private String scope() {
        StringBuilder scope = new StringBuilder("store ").append(store);
        if (date != null) {
            scope.append(", order_date ").append(date);
        }
        if (category != null) {
            scope.append(", category ").append(category);
        }
        return scope.toString();
    }

    /** Reads {@code --date} as an ISO date. */
    static final class DateConverter implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a date; use YYYY-MM-DD, e.g. 2024-01-31");
            }
        }
    }
}
