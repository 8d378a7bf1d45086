package org.ecomkpi.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The test command the README gives is exactly the one CI runs ({@code .ci/run}'s last line). */
class ReadmeTestCommandTest {
    @Test
    void theReadmesTestCommandIsTheCommandCiRuns() throws IOException {
        Path root = MarkdownLinks.repositoryRoot();
        List<String> readme = Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8);
        int intro = indexOfLineStartingWith(readme, "The test command", 0);
        int fence = indexOfLineStartingWith(readme, "```", intro);
        int end = indexOfLineStartingWith(readme, "```", fence + 1);
        List<String> block = readme.subList(fence + 1, end);

        List<String> ci = Files.readAllLines(root.resolve(".ci/run"), StandardCharsets.UTF_8);
        String ciCommand = ci.get(indexOfLineStartingWith(ci, "exec ", 0)).substring("exec ".length()).strip();

        assertEquals(List.of(ciCommand), block, "README.md's test command block, and .ci/run runs: " + ciCommand);
    }

    private static int indexOfLineStartingWith(List<String> lines, String prefix, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' after line " + (from + 1));
    }
}
