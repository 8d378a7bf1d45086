package org.ecomkpi.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What {@code --version} must name as the commit, asked of git the way the build's own git call asks it (see the
 * {@code build-info} execution in batch-jobs/pom.xml): {@code commit <12 hex digits>}, with {@code , modified} when
 * tracked files have uncommitted changes, or {@code unknown commit} when there is no git to ask.
 */
final class BuildCommit {
    private BuildCommit() {
    }

    /** The commit of the working tree the tests run in. */
    static String ofThisCheckout() throws InterruptedException {
        String head = git("rev-parse", "--short=12", "HEAD");
        if (head == null) {
            return "unknown commit";
        }
        String changes = git("status", "--porcelain", "--untracked-files=no");
        return "commit " + head + (changes == null || changes.isEmpty() ? "" : ", modified");
    }

    private static String git(String... args) throws InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process git = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException noGit) {
            return null;
        }
    }
}
