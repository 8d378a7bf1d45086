package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

/**
 * A real browser for the pages' tests: Debian's {@code chromium} in headless mode renders a page from a file to
 * a PNG and dumps the DOM it built, while its log (stderr) shows every console message the page caused, CSP
 * violations included. There is no skipping: without the browser, {@link #find()} fails saying how to install it.
 */
final class HeadlessChromium {
    static final int WIDTH = 1000;
    static final int HEIGHT = 3000;
    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The {@code chromium} on the {@code PATH}, or a failed test naming the package to install. */
    static HeadlessChromium find() {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(folder.isEmpty() ? "." : folder, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return new HeadlessChromium(candidate);
                }
            }
        }
        return fail("headless Chromium is needed to render the report and KPI pages, and there is no 'chromium' "
                + "on the PATH: install Debian's chromium package (apt-get install -y chromium); .ci/run installs it "
                + "when it is missing");
    }

    /** What the browser made of a page. */
    record RenderedPage(String dom, Path screenshot, List<String> console) {
        /** The element with this id, whole: its start tag, content and end tag. */
        String element(String tag, String id) {
            Matcher m = Pattern.compile("<" + tag + " id=\"" + Pattern.quote(id) + "\"[^>]*>.*?</" + tag + ">",
                    Pattern.DOTALL).matcher(dom);
            assertTrue(m.find(), () -> "no <" + tag + " id=\"" + id + "\"> in the rendered page");
            return m.group();
        }

        /** In {@code html}, every start tag {@code <tag ...>} of one of the classes given (any, when empty), as attributes. */
        static List<Map<String, String>> startTags(String html, String tag, String... classes) {
            List<Map<String, String>> found = new ArrayList<>();
            Matcher m = Pattern.compile("<" + tag + "\\b([^>]*)>").matcher(html);
            while (m.find()) {
                Map<String, String> attributes = attributes(m.group(1));
                if (classes.length == 0 || List.of(classes).contains(attributes.get("class"))) {
                    found.add(attributes);
                }
            }
            return found;
        }

        /**
         * The bars of a bar chart: label to the {@code data-value} of each series, from the {@code <g class="bar">}
         * groups and their {@code <rect data-series>}.
         */
        Map<String, Map<String, String>> bars(String chartId) {
            Map<String, Map<String, String>> bars = new LinkedHashMap<>();
            Matcher group = Pattern.compile("<g class=\"bar\"([^>]*)>(.*?)</g>", Pattern.DOTALL)
                    .matcher(element("svg", chartId));
            while (group.find()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (Map<String, String> rect : startTags(group.group(2), "rect")) {
                    values.put(rect.get("data-series"), rect.get("data-value"));
                }
                bars.put(attributes(group.group(1)).get("data-label"), values);
            }
            return bars;
        }

        /** The cells of a table: one map of column to {@code data-value} (numbers) or text per body row. */
        List<Map<String, String>> rows(String tableId) {
            List<Map<String, String>> rows = new ArrayList<>();
            String table = element("table", tableId);
            Matcher row = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL)
                    .matcher(table.substring(table.indexOf("<tbody>")));
            while (row.find()) {
                Map<String, String> cells = new LinkedHashMap<>();
                Matcher cell = Pattern.compile("<td([^>]*)>(.*?)</td>", Pattern.DOTALL).matcher(row.group(1));
                while (cell.find()) {
                    Map<String, String> attributes = attributes(cell.group(1));
                    cells.put(attributes.get("data-column"), attributes.containsKey("data-value")
                            ? attributes.get("data-value") : text(cell.group(2)));
                }
                rows.add(cells);
            }
            return rows;
        }

        private static Map<String, String> attributes(String text) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher m = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)=\"([^\"]*)\"").matcher(text);
            while (m.find()) {
                attributes.put(m.group(1), unescape(m.group(2)));
            }
            return attributes;
        }

        /** The text of a fragment: tags dropped, character references resolved. */
        static String text(String html) {
            return unescape(html.replaceAll("<[^>]*>", ""));
        }

        private static String unescape(String text) {
            return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                    .replace("&nbsp;", "\u00a0").replace("&amp;", "&");
        }
    }

    /** Renders {@code page} at {@link #WIDTH} x {@link #HEIGHT} pixels; the PNG goes beside it. */
    RenderedPage render(Path page, Path workDir) throws IOException, InterruptedException {
        Path screenshot = workDir.resolve(page.getFileName() + ".png");
        Path profile = Files.createDirectories(workDir.resolve("chromium-profile"));
        Path log = workDir.resolve(page.getFileName() + ".chromium.log");
        List<String> command = List.of(binary.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--enable-logging=stderr", "--v=0", "--window-size=" + WIDTH + "," + HEIGHT,
                "--screenshot=" + screenshot, "--dump-dom", page.toAbsolutePath().toUri().toString());
        Process browser = new ProcessBuilder(command).redirectError(log.toFile()).start();
        CompletableFuture<byte[]> dom = CompletableFuture.supplyAsync(() -> {
            try {
                return browser.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!browser.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
            fail("chromium did not render " + page + " within " + TIMEOUT_SECONDS + " s; its log: " + log);
        }
        String stderr = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(browser.exitValue() == 0, () -> "chromium exited " + browser.exitValue() + ":\n" + stderr);
        assertTrue(Files.size(screenshot) > 0, () -> "no screenshot of " + page + ":\n" + stderr);
        // Chromium logs what a page writes to the console, and what the browser says to it (CSP violations,
        // failed loads, uncaught errors), as "...:INFO:CONSOLE...] "message", source: ..."
        List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
        try {
            return new RenderedPage(new String(dom.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8),
                    screenshot, console);
        } catch (ExecutionException | TimeoutException e) {
            return fail("cannot read the DOM chromium dumped for " + page, e);
        }
    }

    /** Checks the screenshot is the window's size and not blank: a page that rendered nothing is one colour. */
    static void assertDrawn(Path screenshot) throws IOException {
        BufferedImage image = Optional.ofNullable(ImageIO.read(screenshot.toFile()))
                .orElseThrow(() -> new AssertionError(screenshot + " is not an image"));
        assertTrue(image.getWidth() == WIDTH && image.getHeight() == HEIGHT,
                () -> "screenshot of " + image.getWidth() + "x" + image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 16, () -> "a nearly blank screenshot: " + colours.size() + " colours");
    }
}
