package org.ecomkpi.step.validate;

import org.ecomkpi.csv.ReadPosition;
import org.ecomkpi.csv.SourceRow;

/**
 * A row as the source reader hands it on: the row, and where a reader resumed at {@code from} reads it again (the
 * position after the row before). A partition keeps it for each accepted row, so a duplicate found only when the
 * partitions are combined can be read again and archived with its original cells.
 */
record ReadRow(SourceRow row, ReadPosition from) {
}
