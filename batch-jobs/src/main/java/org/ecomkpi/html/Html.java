package org.ecomkpi.html;

import java.nio.charset.StandardCharsets;

/**
 * Escaping for the pages: producer-controlled text (a category {@code <script>alert(1)</script>}, a file named
 * {@code <img src=x onerror=...>.csv}) must reach the reader as text, never as markup.
 *
 * <pre>{@code
 * "<td>" + Html.text(category) + "</td>"
 * "<a href=\"" + Html.href("../../invalid-data/r1/orders/a b.csv") + "\">"   // ../../invalid-data/r1/orders/a%20b.csv
 * }</pre>
 */
public final class Html {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Html() {
    }

    /**
     * Text for an element's content or an attribute value (quoted with {@code "}): {@code & < > " '} as
     * character references; control characters HTML does not allow (all C0 but tab, line feed and carriage
     * return, and DEL) as U+FFFD, so a hostile name cannot smuggle them in either.
     */
    public static String text(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /**
     * A relative link to a path of {@code /}-separated segments, ready for an {@code href="..."}: each segment
     * percent-encoded as UTF-8 (only RFC 3986's unreserved characters stay as they are, so {@code ?}, {@code #},
     * {@code :} and spaces in a file name cannot change what the link means), then escaped as {@link #text}.
     */
    public static String href(String relativePath) {
        StringBuilder out = new StringBuilder(relativePath.length() + 16);
        for (byte b : relativePath.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return text(out.toString());
    }
}
