package org.ecomkpi.row;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/** An accepted product row of the catalogue. */
public record Product(
        String id,
        String sku,
        BigDecimal cost,
        String category,
        BigDecimal retailPrice,
        Optional<String> name,
        Optional<String> brand,
        Optional<String> department) {

    public Product {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(retailPrice, "retailPrice");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(department, "department");
    }

    /** Warning condition of SPEC section 3: the product costs more than it sells for. */
    public boolean costAboveRetail() {
        return cost.compareTo(retailPrice) > 0;
    }
}
