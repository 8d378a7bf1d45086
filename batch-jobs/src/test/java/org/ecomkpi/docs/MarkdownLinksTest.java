package org.ecomkpi.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation lives beside the code and never points outside the repository: every relative link of every
 * Markdown file resolves to a file or folder inside it, and every {@code #anchor} into a Markdown file to one of its
 * headings. The checker itself is tried on a small repository built here, so a broken link cannot pass unseen.
 */
class MarkdownLinksTest {
    @TempDir
    Path repo;

    @Test
    void everyRelativeLinkOfEveryMarkdownFileResolvesInsideTheRepository() {
        MarkdownLinks links = MarkdownLinks.in(MarkdownLinks.repositoryRoot());
        List<Path> files = links.markdownFiles();
        assertTrue(files.stream().anyMatch(f -> f.endsWith("batch-jobs/README.md")), "finds the guides: " + files);
        assertTrue(links.checkedLinks() > 20, "checks the docs' links, found " + links.checkedLinks());
        List<String> problems = links.problems();
        assertTrue(problems.isEmpty(), "broken links (file:line: link: why):\n" + String.join("\n", problems));
    }

    @Test
    void aLinkToAMissingFileIsReportedWithItsFileAndLine() throws IOException {
        write("README.md", "# Title\n\nSee [the guide](docs/guide.md) and\n[the other\nguide](docs/missing.md).\n");
        write("docs/guide.md", "# Guide\n");

        assertEquals(List.of("README.md:4: [the other guide](docs/missing.md): no such file or folder docs/missing.md"),
                MarkdownLinks.in(repo).problems());
    }

    @Test
    void aLinkThatLeavesTheRepositoryIsReportedEvenWhenItsTargetExists() throws IOException {
        Path inside = Files.createDirectories(repo.resolve("project"));
        write("SPEC.md", "# Outside\n");
        write("project/README.md", "[spec](../SPEC.md)\n[abs](file:///etc/hosts)\n[root](/docs/a.md)\n");
        write("project/docs/a.md", "[up](../../SPEC.md)\n[back](../README.md)\n");

        List<String> problems = MarkdownLinks.in(inside).problems();

        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("README.md:1: [spec](../SPEC.md): escapes the repository"),
                problems.get(0));
        assertTrue(problems.get(1).startsWith("README.md:2: [abs](file:///etc/hosts): points outside the repository"),
                problems.get(1));
        assertTrue(problems.get(2).startsWith("docs/a.md:1: [up](../../SPEC.md): escapes the repository"),
                problems.get(2));
    }

    @Test
    void anAnchorMustNameAHeadingOfTheLinkedFile() throws IOException {
        write("README.md", """
                # Pipeline

                [ok](guide.md#the-bucket-after-a-run) [json](guide.md#reportjson) [twice](guide.md#notes-1)
                [here](#pipeline) [gone](guide.md#the-bucket) [self](#nowhere)
                """);
        write("guide.md", """
                ## The bucket after a run
                ### `report.json`
                ## Notes
                ## Notes
                ```bash
                # not a heading
                ```
                """);

        assertEquals(List.of(
                        "README.md:4: [gone](guide.md#the-bucket): no heading or anchor '#the-bucket' in guide.md",
                        "README.md:4: [self](#nowhere): no heading or anchor '#nowhere' in README.md"),
                MarkdownLinks.in(repo).problems());
    }

    @Test
    void webLinksCodeAndBuildOutputAreNotChecked() throws IOException {
        write("README.md", """
                [web](https://example.com/x) [mail](mailto:ops@example.com) `[code](nowhere.md)`

                ```
                [fenced](nowhere.md)
                ```
                [emf]: https://docs.aws.amazon.com/emf
                """);
        write("batch-jobs/target/classes/README.md", "[broken](nowhere.md)\n");
        write(".git/info/notes.md", "[broken](nowhere.md)\n");

        MarkdownLinks links = MarkdownLinks.in(repo);
        assertEquals(List.of(), links.problems());
        assertEquals(List.of(repo.toRealPath().resolve("README.md")), links.markdownFiles());
    }

    @Test
    void aLinkIntoBuildOutputIsReported() throws IOException {
        write("README.md", "[jar](batch-jobs/target/pipeline.jar)\n");
        write("batch-jobs/target/pipeline.jar", "");

        assertEquals(List.of("README.md:1: [jar](batch-jobs/target/pipeline.jar): points into build output or git's "
                        + "own folder (batch-jobs/target/pipeline.jar), which a clone does not have"),
                MarkdownLinks.in(repo).problems());
    }

    @Test
    void headingsGetGitHubsAnchors() {
        assertEquals("for-producers-how-an-upload-becomes-one-batch",
                MarkdownLinks.slug("For producers: how an upload becomes one batch"));
        assertEquals("what-the-store-keeps-and-what-a-run-costs",
                MarkdownLinks.slug("What the store keeps, and what a run costs"));
        assertEquals("reportjson", MarkdownLinks.slug("`report.json`"));
        assertEquals("deploy-step-by-step", MarkdownLinks.slug("Deploy, step by step"));
        assertEquals(Set.of("a", "a-1", "b"), MarkdownLinks.anchors("# A\n## A\n### B ###\n    \n"));
    }

    private void write(String path, String text) throws IOException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
