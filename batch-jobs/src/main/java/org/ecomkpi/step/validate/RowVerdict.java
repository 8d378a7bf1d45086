package org.ecomkpi.step.validate;

import java.util.List;
import java.util.Objects;

import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.rules.RuleCode;
import org.ecomkpi.rules.WarningCode;
import org.ecomkpi.run.StagedRow;
import org.ecomkpi.run.Staging;

/**
 * What the validate steps' processor ({@link RowValidator}) makes of one row read, and what their writer
 * ({@link StagedRowWriter}) receives for it in the chunk: the row accepted, in the form it is staged in, or rejected
 * with its rule. Every row read yields exactly one verdict, so the writer sees the whole chunk and commits its
 * accepted rows, its rejects and their counts together, at the chunk's checkpoint.
 */
sealed interface RowVerdict permits RowVerdict.Accepted, RowVerdict.Rejected {

    /** The key of the file the row was read from. */
    String file();

    /**
     * The row passed every rule: {@code staged} is the row as the writer stages it, with where it starts in its file
     * (a partition keeps that position, so a duplicate found across partitions can be read again); {@code warnings}
     * are counted in the report.
     */
    record Accepted(StagedRow staged, List<WarningCode> warnings) implements RowVerdict {
        public Accepted {
            Objects.requireNonNull(staged, "staged");
            warnings = List.copyOf(warnings);
        }

        @Override
        public String file() {
            return staged.fileKey();
        }
    }

    /**
     * The row failed {@code rule}: {@code row} is the source row as read, {@code reason} the rule's message as the
     * reject files show it.
     */
    record Rejected(SourceRow row, RuleCode rule, String reason) implements RowVerdict {
        public Rejected {
            Objects.requireNonNull(row, "row");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String file() {
            return row.file();
        }

        /** The reject as its chunk's rejected part stages it: file, line, rule and reason, then the original cells. */
        List<String> staged() {
            return Staging.rejectCells(row.file(), row.line(), rule.name(), reason, row.cells());
        }
    }
}
