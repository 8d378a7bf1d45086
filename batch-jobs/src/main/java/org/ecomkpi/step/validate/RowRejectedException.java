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

    public RowRejectedException(SourceRow row, RuleCode rule, String message) {
        super(row.file() + ": line " + row.line() + ": " + rule + ": " + message, null, false, false);
        this.row = row;
        this.rule = rule;
    }

    public SourceRow row() {
        return row;
    }

    public RuleCode rule() {
        return rule;
    }

    /** The rule's message without the file and line prefix. */
    public String reason() {
        String message = getMessage();
        return message.substring(message.indexOf(rule.name() + ": ") + rule.name().length() + 2);
    }
}
