package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@code --version} names the project version and the commit the build was made from. */
class VersionTest {

    @Test
    void versionIsTheProjectVersionAndTheCommitOfTheCheckout() throws Exception {
        String projectVersion = System.getProperty("project.version");
        assertNotNull(projectVersion, "the build passes the project version to the tests");

        Cli version = Cli.run("--version");

        assertEquals(0, version.exitCode(), version.toString());
        assertEquals("pipeline " + projectVersion + " (" + commitOfThisCheckout() + ")\n", version.out());
    }

    @Test
    void everyCommandAnswersVersionTheSameWay() {
        String top = Cli.run("--version").out();

        for (String command : Main.commandLine(java.util.Map.of()).getSubcommands().keySet()) {
            assertEquals(top, Cli.run(command, "--version").out(), command);
        }
    }

    /** What git says of the working tree the build ran in, as the build's own git call does, or "unknown commit". */
    private static String commitOfThisCheckout() throws Exception {
        String head = git("rev-parse", "--short=12", "HEAD");
        if (head == null) {
            return "unknown commit";
        }
        String changes = git("status", "--porcelain", "--untracked-files=no");
        return "commit " + head + (changes == null || changes.isEmpty() ? "" : ", modified");
    }

    private static String git(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        Process git;
        try {
            git = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException noGit) {
            return null;
        }
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
    }
}
