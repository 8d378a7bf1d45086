package org.ecomkpi.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;

/**
 * Writes the sample drop bundled in {@code pipeline.jar} ({@code run --sample}). Run once by hand from the
 * module folder when the sample should change, and commit the files:
 * {@code java -cp <test class path> org.ecomkpi.cli.SampleDropWriter src/main/resources/sample}.
 * The sample is generated, not hand-edited, so anyone can reproduce it from {@link #SPEC}.
 */
public final class SampleDropWriter {
    /** About 2,000 orders over January 2024, two bad rows of every rule and two of each warning case. */
    static final DropSpec SPEC = DropSpec.builder(2_000, 31, 20_240_131L).badRowsPerRule(2).build();

    private SampleDropWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length == 1 ? args[0] : "src/main/resources/sample");
        Path landing = root.resolve("landing-data");
        if (Files.exists(landing)) {
            try (Stream<Path> old = Files.walk(landing)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        DropSummary summary = new DropGenerator(SPEC).write(root);
        List<String> index = summary.files().stream()
                .map(f -> root.relativize(f).toString().replace('\\', '/'))
                .sorted()
                .toList();
        Files.write(root.resolve(SampleDrop.INDEX), index, StandardCharsets.UTF_8);
        System.out.println("wrote " + index.size() + " files under " + landing + ": " + summary.rowsWritten());
    }
}
