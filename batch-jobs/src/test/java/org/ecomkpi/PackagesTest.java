package org.ecomkpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages of batch-jobs' main code depend on each other one way only: no package reaches, through others, back
 * to itself. A reference is any mention of a class of another package ({@code org.ecomkpi.store.KpiStore}), import,
 * fully qualified name or Javadoc link alike.
 */
class PackagesTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.ecomkpi(?:\\.[a-z][a-z0-9]*)+)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("^package (org\\.ecomkpi[a-z0-9.]*);", Pattern.MULTILINE);

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> uses = uses();
        assertTrue(uses.containsKey("org.ecomkpi.store") && uses.containsKey("org.ecomkpi.cli"), uses.toString());
        for (String from : uses.keySet()) {
            Optional<List<String>> cycle = pathBack(from, uses);
            assertEquals(Optional.empty(), cycle, "a package cycle");
        }
    }

    /** Which packages each package mentions, by the sources of batch-jobs' main code (kpi-lib's left out). */
    private static Map<String, Set<String>> uses() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher declared = PACKAGE.matcher(source);
                if (!declared.find()) {
                    continue;
                }
                Set<String> used = uses.computeIfAbsent(declared.group(1), p -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(source);
                while (reference.find()) {
                    if (!reference.group(1).equals(declared.group(1))) {
                        used.add(reference.group(1));
                    }
                }
            }
        }
        uses.values().forEach(used -> used.retainAll(uses.keySet()));
        return uses;
    }

    /** A chain of uses from {@code start} back to it, if there is one (depth first). */
    private static Optional<List<String>> pathBack(String start, Map<String, Set<String>> uses) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.push(List.of(start));
        Set<String> seen = new TreeSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.pop();
            for (String next : uses.getOrDefault(path.get(path.size() - 1), Set.of())) {
                List<String> longer = new ArrayList<>(path);
                longer.add(next);
                if (next.equals(start)) {
                    return Optional.of(longer);
                }
                if (seen.add(next)) {
                    paths.push(longer);
                }
            }
        }
        return Optional.empty();
    }
}
