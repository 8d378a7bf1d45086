package org.ecomkpi.rules;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.ecomkpi.row.Column;

/**
 * The outcome of validating one row: accepted (with any warnings) or rejected with exactly one rule.
 *
 * <pre>{@code
 * switch (validator.order(row)) {
 *     case Verdict.Accepted<Order> a -> accepted.add(a.row());      // with pattern matching for switch
 *     case Verdict.Rejected<Order> r -> rejects.write(row, r.rule(), r.message());
 * }
 * }</pre>
 */
public sealed interface Verdict<T> permits Verdict.Accepted, Verdict.Rejected {

    boolean accepted();

    /** The row passed every rule; {@code warnings} may still flag it in the report. */
    record Accepted<T>(T row, List<WarningCode> warnings) implements Verdict<T> {
        public Accepted {
            Objects.requireNonNull(row, "row");
            warnings = List.copyOf(warnings);
        }

        @Override
        public boolean accepted() {
            return true;
        }
    }

    /**
     * The row failed {@code rule}; {@code column} is the offending column when one can be named, and
     * {@code message} says what was found and what was expected.
     */
    record Rejected<T>(RuleCode rule, Optional<Column> column, String message) implements Verdict<T> {
        public Rejected {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public boolean accepted() {
            return false;
        }
    }
}
