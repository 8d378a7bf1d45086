package org.ecomkpi.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No main source file of either module is over {@value #MAX_LINES} lines: a file that long does several jobs, and is
 * split by job instead. The check itself is tried on a small tree built here, so a long file cannot pass unseen.
 */
class SourceFileLengthTest {
    static final int MAX_LINES = 600;
    private static final List<String> MODULES = List.of("kpi-lib", "batch-jobs");

    @TempDir
    Path repo;

    @Test
    void noMainSourceFileOfEitherModuleIsOver600Lines() {
        Path root = MarkdownLinks.repositoryRoot();
        for (String module : MODULES) {
            assertTrue(javaFiles(root.resolve(module)).size() > 20, "finds the main sources of " + module);
        }

        List<String> tooLong = overTheLimit(root);

        assertTrue(tooLong.isEmpty(), "main source files over " + MAX_LINES + " lines (split them by job):\n"
                + String.join("\n", tooLong));
    }

    @Test
    void aFileOverTheLimitIsNamedWithItsLineCount() throws IOException {
        write("kpi-lib/src/main/java/a/Short.java", MAX_LINES);
        write("kpi-lib/src/main/java/a/Long.java", MAX_LINES + 1);
        write("batch-jobs/src/main/java/b/c/Longer.java", 900);
        write("batch-jobs/src/test/java/b/LongTest.java", 900); // tests are not main sources

        assertEquals(List.of("batch-jobs/src/main/java/b/c/Longer.java: 900 lines",
                "kpi-lib/src/main/java/a/Long.java: 601 lines"), overTheLimit(repo));
    }

    /** Each main source file of the modules under {@code root} longer than the limit, as "path: N lines". */
    static List<String> overTheLimit(Path root) {
        List<String> tooLong = new ArrayList<>();
        for (String module : MODULES) {
            for (Path file : javaFiles(root.resolve(module))) {
                long lines = lineCount(file);
                if (lines > MAX_LINES) {
                    tooLong.add(root.relativize(file).toString().replace('\\', '/') + ": " + lines + " lines");
                }
            }
        }
        tooLong.sort(null);
        return tooLong;
    }

    private static List<Path> javaFiles(Path module) {
        Path sources = module.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lineCount(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String path, int lines) throws IOException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "// line\n".repeat(lines));
    }
}
