package org.ecomkpi.oracle;

import java.nio.file.Path;
import java.util.List;

/**
 * One successful run's input to {@link DuckDbKpiOracle#computeCurrent}: CSV files of the rows the run
 * <em>accepted</em> (orders, order_items; none is fine) and the product catalogue as it stood after the run's
 * own products were applied (one row per product id, every product known so far).
 *
 * @param orders     accepted order rows, files in the order the run read them
 * @param orderItems accepted item rows, files in the order the run read them
 * @param catalogue  the catalogue after this batch: at least one file
 */
public record OracleBatch(List<Path> orders, List<Path> orderItems, List<Path> catalogue) {

    public OracleBatch {
        orders = List.copyOf(orders);
        orderItems = List.copyOf(orderItems);
        catalogue = List.copyOf(catalogue);
        if (catalogue.isEmpty()) {
            throw new IllegalArgumentException("a batch needs the catalogue as it stood after it");
        }
    }

    /** A batch of one file of each kind. */
    public static OracleBatch of(Path orders, Path orderItems, Path catalogue) {
        return new OracleBatch(List.of(orders), List.of(orderItems), List.of(catalogue));
    }
}
