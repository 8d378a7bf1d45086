package org.ecomkpi.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The launcher knows job repositories through JBeret's and its own interfaces only: the DynamoDB adapter depends on the
 * runtime package, never the reverse, so the two packages form no cycle.
 */
class RuntimePackageDependenciesTest {

    private static final Path RUNTIME = Path.of("src/main/java/org/ecomkpi/runtime");

    @Test
    void noTypeOfTheRuntimePackageNamesTheDynamoDbAdapterPackage() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(RUNTIME)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(sources.contains(RUNTIME.resolve("JobLauncher.java")),
                "read the runtime package's sources: " + sources);

        List<String> naming = sources.stream()
                .filter(file -> read(file).contains("org.ecomkpi.runtime.dynamodb"))
                .map(file -> file.getFileName().toString())
                .toList();

        assertEquals(List.of(), naming);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
