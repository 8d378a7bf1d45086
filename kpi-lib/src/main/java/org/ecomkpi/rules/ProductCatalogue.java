package org.ecomkpi.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.row.Product;

/**
 * The products known to the pipeline, by id. Products files upsert into it: a later row for an id replaces
 * the earlier one, and products absent from a new file stay known (SPEC section 3). Items are checked
 * against it for UNKNOWN_PRODUCT and take their category from it.
 */
public final class ProductCatalogue {
    private final IdIndex ids = new IdIndex(1024);
    private final List<Product> products = new ArrayList<>();

    /** Adds the product, or replaces the one with the same id. */
    public void upsert(Product product) {
        int ordinal = ids.add(product.id());
        if (ordinal >= 0) {
            products.add(product);
        } else {
            products.set(-ordinal - 2, product);
        }
    }

    public Optional<Product> find(String id) {
        return Optional.ofNullable(findOrNull(id));
    }

    Product findOrNull(String id) {
        int ordinal = ids.ordinalOf(id);
        return ordinal == IdIndex.ABSENT ? null : products.get(ordinal);
    }

    public int size() {
        return products.size();
    }

    public boolean isEmpty() {
        return products.isEmpty();
    }

    /** Every known product, in order of first sight: a live, unmodifiable view. */
    public List<Product> products() {
        return Collections.unmodifiableList(products);
    }
}
