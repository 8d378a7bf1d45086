package org.ecomkpi.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Where a command keeps KPIs and job checkpoints: the {@code h2:<path>} of SPEC section 6, the H2 file
 * {@code <path>.mv.db}. {@code dynamodb} is refused until that adapter is part of the build.
 *
 * @param database the database path without H2's {@code .mv.db} suffix, absolute
 */
record StoreLocation(Path database) {
    private static final String H2 = "h2:";
    private static final String H2_SUFFIX = ".mv.db";

    /** Parses a store spec; the message of the exception says what is wrong and what would be right. */
    static StoreLocation parse(String spec) {
        if (!spec.startsWith(H2)) {
            if (spec.equals("dynamodb")) {
                throw new IllegalArgumentException("'dynamodb' is not available in this build; use h2:<path>");
            }
            throw new IllegalArgumentException("'" + spec + "' is not a store: use h2:<path> (e.g. h2:./.pipeline/store)");
        }
        String path = spec.substring(H2.length());
        if (path.isBlank()) {
            throw new IllegalArgumentException("'" + spec + "' has no path after 'h2:' (e.g. h2:./.pipeline/store)");
        }
        if (path.indexOf(';') >= 0) {
            throw new IllegalArgumentException("'" + spec + "': an H2 path cannot contain ';'");
        }
        Path database;
        try {
            database = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + spec + "': not a usable path: " + e.getMessage());
        }
        String text = database.toString();
        if (text.endsWith(H2_SUFFIX)) {
            database = Path.of(text.substring(0, text.length() - H2_SUFFIX.length()));
        }
        return new StoreLocation(database);
    }

    /** The spec the jobs and {@code KpiStore.at} take. */
    String spec() {
        return H2 + database;
    }

    /** The file H2 keeps the database in. */
    Path file() {
        return Path.of(database + H2_SUFFIX);
    }

    boolean exists() {
        return Files.isRegularFile(file());
    }

    @Override
    public String toString() {
        return spec();
    }

    /** Reads {@code --store}; picocli names the option in the message. */
    static final class Converter implements ITypeConverter<StoreLocation> {
        @Override
        public StoreLocation convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
