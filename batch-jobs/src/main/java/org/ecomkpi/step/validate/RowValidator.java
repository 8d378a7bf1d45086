package org.ecomkpi.step.validate;

import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.row.Product;
import org.ecomkpi.rules.AcceptedItem;
import org.ecomkpi.rules.Verdict;
import org.ecomkpi.run.AcceptedRows;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.StagedRow;

/**
 * The validate steps' processor: judges each row ({@link ReadRow}) with kpi-lib's
 * {@link org.ecomkpi.rules.BatchValidator} and returns its {@link RowVerdict}, for every row: accepted, in its staged
 * form ({@link StagedRow}: an order, an item version, or a product with its file) with where it starts in its file
 * and its warnings; or rejected, with the source row, the rule and its message. Nothing is thrown for a bad row and
 * nothing is filtered: the writer ({@link StagedRowWriter}) classifies the verdicts. It judges with the
 * {@link StepValidator} its step's writer made ready when it opened.
 */
@Named
public class RowValidator extends RunArtifact implements ItemProcessor {
    @Inject
    StepContext stepContext;

    @Override
    public RowVerdict processItem(Object item) {
        return verdict(StepValidator.of(stepContext), (ReadRow) item);
    }

    static RowVerdict verdict(StepValidator validator, ReadRow read) {
        SourceRow row = read.row();
        Verdict<?> verdict = validator.judge(row);
        if (verdict instanceof Verdict.Rejected<?> rejected) {
            return new RowVerdict.Rejected(row, rejected.rule(), rejected.message());
        }
        Verdict.Accepted<?> accepted = (Verdict.Accepted<?>) verdict;
        Object staged = switch (validator.type()) {
            case PRODUCTS -> new AcceptedRows.StagedProduct(row.file(), (Product) accepted.row());
            case ORDERS -> accepted.row();
            case ORDER_ITEMS -> ((AcceptedItem) accepted.row()).version();
        };
        return new RowVerdict.Accepted(new StagedRow(row.file(), staged, read.from().byteOffset(), read.from().line()),
                accepted.warnings());
    }
}
