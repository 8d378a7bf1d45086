package org.ecomkpi.step.validate;

import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.rules.RuleCode;

/**
 * Thrown by the validating processor for a row that fails a rule. It is a skippable exception of the
 * validate steps: the chunk goes on, and {@link RejectArchiver} files the row with its rule and message.
 */
public class RowRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient SourceRow row;
    private final RuleCode rule;
    private final String reason;

    public RowRejectedException(SourceRow row, RuleCode rule, String reason) {
        super(row.file() + ": line " + row.line() + ": " + rule + ": " + reason, null, false, false);
        this.row = row;
        this.rule = rule;
        this.reason = reason;
    }

    public SourceRow row() {
        return row;
    }

    public RuleCode rule() {
        return rule;
    }

    /** The rule's message, as the reject files show it (without the file, line and rule of {@link #getMessage()}). */
    public String reason() {
        return reason;
    }
}
