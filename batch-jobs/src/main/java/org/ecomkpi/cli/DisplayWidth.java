package org.ecomkpi.cli;

/**
 * How many terminal columns text takes: East Asian wide and fullwidth characters (CJK ideographs, kana, Hangul,
 * fullwidth forms, most emoji) take two, combining marks and invisible format characters none, everything else
 * one. The ranges are those of Markus Kuhn's {@code wcwidth}, which terminals follow.
 *
 * <pre>{@code
 * DisplayWidth.of("家居用品");     // 8
 * DisplayWidth.of("Électronique"); // 12, also when the É is an E and a combining accent
 * }</pre>
 */
final class DisplayWidth {
    private DisplayWidth() {
    }

    static int of(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            width += of(c);
            i += Character.charCount(c);
        }
        return width;
    }

    static int of(int c) {
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || (c >= 0x1160 && c <= 0x11FF)) { // Hangul medial vowels and final consonants join the syllable
            return 0;
        }
        return wide(c) ? 2 : 1;
    }

    private static boolean wide(int c) {
        return c >= 0x1100 && (c <= 0x115F                  // Hangul Jamo initial consonants
                || c == 0x2329 || c == 0x232A               // angle brackets
                || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) // CJK radicals ... Yi
                || (c >= 0xAC00 && c <= 0xD7A3)             // Hangul syllables
                || (c >= 0xF900 && c <= 0xFAFF)             // CJK compatibility ideographs
                || (c >= 0xFE10 && c <= 0xFE19)             // vertical forms
                || (c >= 0xFE30 && c <= 0xFE6F)             // CJK compatibility forms
                || (c >= 0xFF00 && c <= 0xFF60)             // fullwidth forms
                || (c >= 0xFFE0 && c <= 0xFFE6)
                || (c >= 0x1F300 && c <= 0x1F64F)           // pictographs, emoticons
                || (c >= 0x1F900 && c <= 0x1F9FF)           // supplemental symbols and pictographs
                || (c >= 0x20000 && c <= 0x2FFFD)           // CJK extension B and beyond
                || (c >= 0x30000 && c <= 0x3FFFD));
    }
}
