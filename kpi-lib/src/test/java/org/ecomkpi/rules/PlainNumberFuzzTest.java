package org.ecomkpi.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * PlainNumber against BigDecimal and Long.parseLong, on any text: the grammar of SPEC 3 is written here as a
 * regular expression, and whatever it accepts within the digit limits must parse to exactly what the oracle
 * gives; nothing else may parse, and nothing may throw.
 */
class PlainNumberFuzzTest {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]*)(?:\\.([0-9]*))?");
    private static final Pattern WHOLE = Pattern.compile("[+-]?([0-9]+)");

    @FuzzTest(maxDuration = "10s")
    void decimalsAndWholeNumbersAgreeWithTheJdk(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        assertEquals(expectedDecimal(text), PlainNumber.decimalOrNull(text), text);
        assertEquals(PlainNumber.decimalOrNull(text) == null, PlainNumber.decimalProblem(text) != null, text);

        long whole = PlainNumber.wholeOrInvalid(text);
        Long expected = expectedWhole(text);
        assertEquals(expected == null ? PlainNumber.INVALID : expected, whole, text);
        assertEquals(expected == null, PlainNumber.wholeProblem(text) != null, text);
    }

    private static BigDecimal expectedDecimal(String text) {
        Matcher m = DECIMAL.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String integer = m.group(1);
        String fraction = m.group(2) == null ? "" : m.group(2);
        if (integer.isEmpty() && fraction.isEmpty()) {
            return null;
        }
        if (integer.replaceFirst("^0+", "").length() > 12 || fraction.length() > 6) {
            return null;
        }
        return new BigDecimal(text);
    }

    private static Long expectedWhole(String text) {
        Matcher m = WHOLE.matcher(text);
        if (!m.matches() || m.group(1).replaceFirst("^0+", "").length() > 9) {
            return null;
        }
        return Long.parseLong(text);
    }
}
