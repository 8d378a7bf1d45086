package org.ecomkpi.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.ecomkpi.store.KpiStore;

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
                + "tables: money with 2 decimals, rates with 4."})
final class KpisCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Option(names = "--store", paramLabel = "S", converter = StoreLocation.Converter.class,
            description = "Where the KPIs live: h2:<path> or dynamodb. Default: $PIPELINE_STORE, else h2:./.pipeline/store.")
    StoreLocation store;

    @Option(names = "--table", paramLabel = "TABLE", required = true, converter = KpiTable.Converter.class,
            description = "order_kpi_table or category_kpi_table.")
    KpiTable table;

    @Option(names = "--date", paramLabel = "D", converter = DateConverter.class,
            description = "Only this order date (YYYY-MM-DD).")
    LocalDate date;

    @Option(names = "--category", paramLabel = "C", description = "Only this category (category_kpi_table).")
    String category;

    @Option(names = "--format", paramLabel = "F", converter = OutputFormat.Converter.class, defaultValue = "table",
            description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Override
    public Integer call() {
        log.apply();
        if (category != null && table != KpiTable.CATEGORY_KPI_TABLE) {
            throw new ParameterException(spec.commandLine(),
                    "--category applies to category_kpi_table only, not " + table);
        }
        if (!store.exists()) {
            throw new CommandFailure(ExitCode.INFRASTRUCTURE, "no store at " + store + " (no file " + store.file()
                    + ")", "check --store, or fill the store first with 'pipeline run'");
        }
        try (KpiStore kpis = KpiStore.at(store.spec())) {
            List<List<Object>> rows = table.rows(kpis, Optional.ofNullable(date), Optional.ofNullable(category));
            format.write(table, rows, spec.commandLine().getOut());
        }
        return ExitCode.SUCCESS.code();
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
