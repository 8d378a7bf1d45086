package org.ecomkpi.cli;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.ecomkpi.bucket.BucketLayout;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Run ids: checked when given, made up when not ({@code run-20261126T070102Z-3fa9}). */
final class RunId {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private RunId() {
    }

    /**
     * A new run id: the UTC second it was made, so runs sort by time in {@code runs/}, and 4 random hex digits,
     * so two runs started in the same second differ.
     */
    static String generate(Clock clock) {
        byte[] random = new byte[2];
        ThreadLocalRandom.current().nextBytes(random);
        return "run-" + STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
    }

    /** Reads {@code --run-id}: the characters a run id may hold are those of a bucket key segment. */
    static final class Converter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return BucketLayout.requireRunId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
