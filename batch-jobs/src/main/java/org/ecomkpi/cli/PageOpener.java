package org.ecomkpi.cli;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Opens a local page in the user's browser: {@code xdg-open} when the {@code PATH} has it (what Linux desktops
 * open pages with), else on macOS and Windows the Java desktop ({@link Desktop#browse}), else nothing, and says
 * which. On Linux the Java desktop would only call the same desktop tools, so a Linux machine without
 * {@code xdg-open} (a server, a container) is told plainly that nothing can be opened.
 */
final class PageOpener {
    private static final String XDG_OPEN = "xdg-open";
    /** xdg-open returns once it handed the page to the browser; one that hangs is left to it. */
    private static final long XDG_OPEN_WAIT_SECONDS = 10;

    /** What happened: opened or not, and a line for the user saying how or why not. */
    record Opening(boolean opened, String message) {
    }

    private PageOpener() {
    }

    /**
     * Opens {@code page}.
     *
     * @param environment where {@code PATH} is looked up, and the environment {@code xdg-open} runs with
     */
    static Opening open(Path page, Map<String, String> environment) {
        String uri = page.toAbsolutePath().toUri().toString();
        Optional<Path> xdgOpen = onPath(XDG_OPEN, environment.getOrDefault("PATH", ""));
        if (xdgOpen.isPresent()) {
            return withXdgOpen(xdgOpen.get(), uri, environment);
        }
        boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
        if (!linux && !GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
            try {
                Desktop.getDesktop().browse(page.toAbsolutePath().toUri());
                return new Opening(true, "opened " + uri + " in the desktop's browser");
            } catch (IOException | RuntimeException e) {
                return new Opening(false, "cannot open " + uri + ": the desktop refused: "
                        + FailureReport.describe(e));
            }
        }
        return new Opening(false, "cannot open " + uri + " here: no " + XDG_OPEN + " on the PATH and no desktop "
                + "browser; open the path above in a browser yourself");
    }

    private static Opening withXdgOpen(Path xdgOpen, String uri, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(xdgOpen.toString(), uri)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (process.waitFor(XDG_OPEN_WAIT_SECONDS, TimeUnit.SECONDS) && process.exitValue() != 0) {
                return new Opening(false, "cannot open " + uri + ": " + xdgOpen + " exited with "
                        + process.exitValue() + "; open the path above in a browser yourself");
            }
            return new Opening(true, "opened " + uri + " with " + xdgOpen);
        } catch (IOException e) {
            return new Opening(false, "cannot open " + uri + ": " + xdgOpen + " did not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Opening(false, "cannot open " + uri + ": interrupted while " + xdgOpen + " ran");
        }
    }

    private static Optional<Path> onPath(String program, String path) {
        for (String folder : path.split(File.pathSeparator)) {
            if (folder.isBlank()) {
                continue;
            }
            Path candidate = Path.of(folder, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
