package org.ecomkpi.bucket;

import java.util.Objects;

/**
 * The key rules every bucket enforces, so a key means the same thing in a local folder and in S3: keys are
 * {@code /}-separated strings of non-empty segments, relative to the bucket root, without {@code .} or
 * {@code ..} segments, backslashes or control characters. A key that breaks a rule is refused with an
 * {@link IllegalArgumentException} naming it, before any storage is touched.
 */
public final class ObjectKey {
    private static final int MAX_KEY_LENGTH = 1024; // S3's limit, in UTF-16 units here (close enough for our keys)

    private ObjectKey() {
    }

    /** Returns {@code key} when it is a valid object key, or throws naming the key and the broken rule. */
    public static String requireValid(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty");
        }
        checkCharacters(key, "object key");
        if (key.endsWith("/")) {
            throw invalid("object key", key, "it ends with '/' (that names a folder, not an object)");
        }
        checkSegments(key, key.split("/", -1), "object key");
        return key;
    }

    /**
     * Returns {@code prefix} when it is a valid listing prefix: empty (the whole bucket), or a string whose
     * complete segments obey the key rules, such as {@code landing-data/} or {@code landing-data/orders/ord}.
     */
    public static String requireValidPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty()) {
            return prefix;
        }
        checkCharacters(prefix, "key prefix");
        String folders = prefix.substring(0, prefix.lastIndexOf('/') + 1);
        if (!folders.isEmpty()) {
            checkSegments(prefix, folders.substring(0, folders.length() - 1).split("/", -1), "key prefix");
        }
        String partial = prefix.substring(folders.length());
        if (partial.equals("..")) {
            throw invalid("key prefix", prefix, "it has a '..' segment");
        }
        return prefix;
    }

    /**
     * Returns {@code segment} when it is a single valid key segment (no {@code /}), e.g. a run id or a file
     * name used to build keys.
     */
    public static String requireSegment(String segment, String what) {
        Objects.requireNonNull(segment, what);
        if (segment.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        checkCharacters(segment, what);
        if (segment.contains("/")) {
            throw invalid(what, segment, "it contains '/'");
        }
        checkSegments(segment, new String[] {segment}, what);
        return segment;
    }

    /** The part of {@code key} after {@code prefix}; the key must start with the prefix. */
    public static String relativeTo(String prefix, String key) {
        if (!key.startsWith(prefix)) {
            throw new IllegalArgumentException("key '" + key + "' is not under '" + prefix + "'");
        }
        return key.substring(prefix.length());
    }

    private static void checkCharacters(String text, String what) {
        if (text.length() > MAX_KEY_LENGTH) {
            throw invalid(what, text, "it is longer than " + MAX_KEY_LENGTH + " characters");
        }
        if (text.startsWith("/")) {
            throw invalid(what, text, "it is absolute (starts with '/')");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                throw invalid(what, text, "it contains a backslash at position " + i);
            }
            if (c < 0x20 || c == 0x7f) {
                throw invalid(what, text, "it contains a control character at position " + i);
            }
        }
    }

    private static void checkSegments(String text, String[] segments, String what) {
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw invalid(what, text, "it has an empty segment ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(what, text, "it has a '" + segment + "' segment");
            }
        }
    }

    private static IllegalArgumentException invalid(String what, String text, String reason) {
        return new IllegalArgumentException("invalid " + what + " '" + printable(text) + "': " + reason);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && i < 200; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > 200 ? out + "..." : out.toString();
    }
}
