package org.ecomkpi.docs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The links of a repository's Markdown files, checked the way GitHub renders them: every relative link must name a
 * file or folder inside the repository (not under a build's {@code target/}), and a {@code #fragment} into a Markdown
 * file must name one of its headings (GitHub's anchor of the heading) or an explicit {@code id}/{@code name}.
 * Links with {@code http:}, {@code https:} or {@code mailto:} are left alone; any other scheme ({@code file:},
 * {@code s3:}) points outside the repository and is reported. Code (fenced blocks and inline spans) holds no links.
 *
 * <pre>{@code
 * List<String> problems = MarkdownLinks.in(root).problems();   // "README.md:12: [map](docs.md): no such file ..."
 * }</pre>
 */
final class MarkdownLinks {
    /** {@code [text](href)} and {@code ![alt](src)}, text possibly wrapped over lines, an optional "title". */
    private static final Pattern INLINE = Pattern.compile(
            "!?\\[((?:[^\\[\\]]|\\[[^\\[\\]]*\\])*)\\]\\(\\s*(<[^>\\n]*>|[^)\\s]*(?:\\([^)\\s]*\\)[^)\\s]*)*)"
                    + "(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");
    /** {@code [label]: href} on a line of its own. */
    private static final Pattern DEFINITION = Pattern.compile("(?m)^ {0,3}\\[([^\\]]+)\\]:\\s*(<[^>\\n]*>|\\S+)");
    /** {@code href="..."} or {@code src="..."} of an HTML tag written in the Markdown. */
    private static final Pattern HTML_LINK = Pattern.compile("<[a-zA-Z][^>]*?\\s(?:href|src)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<[a-zA-Z][^>]*?\\s(?:id|name)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    /** An inline code span: a run of backticks up to the same run, not across a blank line. */
    private static final Pattern CODE_SPAN =
            Pattern.compile("(?<!`)(`+)(?!`)((?:(?!\\n[ \\t]*\\n)[\\s\\S])*?)(?<!`)\\1(?!`)");
    private static final Pattern FENCE = Pattern.compile("^[ \\t]*(`{3,}|~{3,})");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Set<String> LEFT_ALONE = Set.of("http", "https", "mailto");

    private final Path root;
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    private MarkdownLinks(Path root) {
        this.root = root;
    }

    /** The checker of the repository whose top folder is {@code root}. */
    static MarkdownLinks in(Path root) {
        try {
            return new MarkdownLinks(root.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The top folder of the repository this test runs in: the nearest folder at or above the working folder (a
     * module's, under Maven) holding the build's {@code pom.xml} beside {@code kpi-lib/} and {@code batch-jobs/}.
     */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("kpi-lib"))
                    && Files.isDirectory(dir.resolve("batch-jobs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (pom.xml beside kpi-lib/ and batch-jobs/) at or above "
                + Path.of("").toAbsolutePath());
    }

    /**
     * Every Markdown file of the repository, by path, outside build output ({@code target/}) and hidden folders
     * ({@code .git/}, and those of local runs and tools such as {@code .pipeline/} or {@code kpi-lib/.cifuzz-corpus/}).
     */
    List<Path> markdownFiles() {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.equals(root) ? "" : dir.getFileName().toString();
                    return name.equals("target") || name.startsWith(".") ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && file.getFileName().toString().endsWith(".md")) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }

    /** How many links {@link #problems()} checks: relative ones and fragments, not those left alone. */
    int checkedLinks() {
        int n = 0;
        for (Path file : markdownFiles()) {
            for (Link link : links(file)) {
                if (!leftAlone(link.href())) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Each broken link as {@code file:line: [text](href): why}, in file and line order; empty when all resolve. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Path file : markdownFiles()) {
            for (Link link : links(file)) {
                check(file, link).ifPresent(why -> problems.add(root.relativize(file) + ":" + link.line() + ": "
                        + link.written() + ": " + why));
            }
        }
        return problems;
    }

    private Optional<String> check(Path file, Link link) {
        String href = link.href();
        if (leftAlone(href)) {
            return Optional.empty();
        }
        if (SCHEME.matcher(href).find()) {
            return Optional.of("points outside the repository (only http, https and mailto links may)");
        }
        int hash = href.indexOf('#');
        String pathPart = hash < 0 ? href : href.substring(0, hash);
        String fragment = hash < 0 ? "" : decode(href.substring(hash + 1));
        int query = pathPart.indexOf('?');
        if (query >= 0) {
            pathPart = pathPart.substring(0, query);
        }
        Path target;
        if (pathPart.isEmpty()) {
            target = file;
        } else {
            String path = decode(pathPart);
            Path base = path.startsWith("/") ? root : file.getParent();
            target = base.resolve(path.replaceFirst("^/+", "")).normalize();
            if (!target.startsWith(root)) {
                return Optional.of("escapes the repository (resolves to " + target + ")");
            }
            if (!Files.exists(target)) {
                return Optional.of("no such file or folder " + root.relativize(target));
            }
            try {
                if (!target.toRealPath().startsWith(root)) {
                    return Optional.of("escapes the repository through a symbolic link (" + target.toRealPath()
                            + ")");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (buildOutputOrGit(root.relativize(target))) {
                return Optional.of("points into build output or git's own folder (" + root.relativize(target)
                        + "), which a clone does not have");
            }
        }
        if (!fragment.isEmpty() && target.getFileName().toString().endsWith(".md") && Files.isRegularFile(target)
                && !anchorsOf(target).contains(fragment)) {
            return Optional.of("no heading or anchor '#" + fragment + "' in " + root.relativize(target));
        }
        return Optional.empty();
    }

    private static boolean leftAlone(String href) {
        Matcher scheme = SCHEME.matcher(href);
        return scheme.find() && LEFT_ALONE.contains(href.substring(0, scheme.end() - 1).toLowerCase(Locale.ROOT));
    }

    private static boolean buildOutputOrGit(Path relative) {
        for (Path segment : relative) {
            if (segment.toString().equals("target") || segment.toString().equals(".git")) {
                return true;
            }
        }
        return false;
    }

    /** A link as written, where it starts, and its destination without angle brackets. */
    record Link(int line, String written, String href) {
    }

    /** The links of one file, code left out. */
    static List<Link> links(String markdown) {
        String prose = withoutCode(markdown);
        List<Link> links = new ArrayList<>();
        for (Pattern pattern : List.of(INLINE, DEFINITION, HTML_LINK)) {
            Matcher m = pattern.matcher(prose);
            while (m.find()) {
                String href = pattern == HTML_LINK ? m.group(1) : m.group(2);
                if (href.startsWith("<") && href.endsWith(">")) {
                    href = href.substring(1, href.length() - 1);
                }
                links.add(new Link(lineOf(prose, m.start()), m.group().replaceAll("\\s*\\n\\s*", " "), href.strip()));
            }
        }
        links.sort(Comparator.comparingInt(Link::line));
        return links;
    }

    private static List<Link> links(Path file) {
        return links(read(file));
    }

    /** GitHub's anchors of a Markdown file: one per heading (repeats numbered -1, -2, ...) and any HTML id or name. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        String prose = withoutFences(markdown);
        for (String line : prose.split("\n", -1)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(2) == null ? "" : heading.group(2));
                int repeat = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
            }
        }
        Matcher html = HTML_ANCHOR.matcher(prose);
        while (html.find()) {
            anchors.add(html.group(1));
        }
        return anchors;
    }

    private Set<String> anchorsOf(Path markdownFile) {
        return anchors.computeIfAbsent(markdownFile, f -> anchors(read(f)));
    }

    /**
     * A heading's anchor as GitHub makes it: the heading's text (links as their text, code and emphasis marks
     * dropped) in lower case, every character that is not a letter, mark, digit, connector, space or hyphen
     * removed, spaces turned into hyphens.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replaceAll("<[^>]+>", "")
                .replace("`", "")
                .replace("*", "");
        return text.strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                .replace(' ', '-');
    }

    /**
     * The file with its code blanked out, each character of a fenced block or inline code span replaced by a space
     * (line ends kept), so offsets and line numbers stay those of the file.
     */
    static String withoutCode(String markdown) {
        String out = withoutFences(markdown);
        Matcher span = CODE_SPAN.matcher(out);
        StringBuilder prose = new StringBuilder(out.length());
        int at = 0;
        while (span.find()) {
            prose.append(out, at, span.start()).append(blank(span.group()));
            at = span.end();
        }
        return prose.append(out, at, out.length()).toString();
    }

    /** The file with each character of its fenced code blocks replaced by a space, line ends kept. */
    private static String withoutFences(String markdown) {
        StringBuilder out = new StringBuilder(markdown.length());
        String fence = null;
        for (String line : markdown.split("(?<=\n)", -1)) {
            Matcher opening = FENCE.matcher(line);
            if (fence == null && opening.find()) {
                fence = opening.group(1);
                out.append(blank(line));
            } else if (fence != null) {
                String trimmed = line.strip();
                char mark = fence.charAt(0);
                if (trimmed.startsWith(fence) && trimmed.chars().allMatch(c -> c == mark)) {
                    fence = null;
                }
                out.append(blank(line));
            } else {
                out.append(line);
            }
        }
        return out.toString();
    }

    private static String blank(CharSequence text) {
        StringBuilder b = new StringBuilder(text.length());
        text.chars().forEach(c -> b.append(c == '\n' ? '\n' : ' '));
        return b.toString();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Percent-decoding of a link's path (not form decoding: a {@code +} stays a plus). */
    private static String decode(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(utf8.length);
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '%' && i + 2 < utf8.length && Character.digit(utf8[i + 1], 16) >= 0
                    && Character.digit(utf8[i + 2], 16) >= 0) {
                bytes.write(Character.digit(utf8[i + 1], 16) * 16 + Character.digit(utf8[i + 2], 16));
                i += 2;
            } else {
                bytes.write(utf8[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
