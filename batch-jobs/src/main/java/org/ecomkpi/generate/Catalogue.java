package org.ecomkpi.generate;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import org.ecomkpi.row.FileType;

/**
 * The generated product catalogue: writes the products file and keeps, per valid product, what items need
 * (id and retail price) and the cells of its row, so that a later batch can re-send a product with another
 * category ({@link #resend}). Valid product ids are {@code 1..products}; ids above are never valid.
 */
final class Catalogue {
    /** Categories with spaces, {@code &}, a comma (quoted in CSV) and non-ASCII letters. */
    static final List<String> CATEGORIES = List.of(
            "Home & Kitchen", "Électronique", "家居", "Jeans", "Tops & Tees", "Outerwear & Coats",
            "Sports, Outdoors & Fitness", "Intimates", "Swim", "Accessories", "Sleep & Lounge", "Bücher");

    private static final List<String> ADJECTIVES = List.of(
            "Classic", "Slim", "Relaxed", "Organic", "Vintage", "Heavyweight", "Essential", "Stretch", "Cosy");
    private static final List<String> NOUNS = List.of(
            "Tee", "Jeans", "Hoodie", "Kettle", "Lamp", "Headphones", "Duvet", "Backpack", "Swimsuit", "Novel");
    private static final List<String> BRANDS = List.of(
            "Levi's", "Calvin Klein", "Maison Étoile", "Nordhaus", "Bench/Mark", "Carhartt", "無印", "Acme & Sons");

    private final String[] ids;
    private final long[] retailCents;
    /** The cells of each valid product's row as last written; the category cell changes on {@link #resend}. */
    private final String[][] rows;

    private Catalogue(String[] ids, long[] retailCents, String[][] rows) {
        this.ids = ids;
        this.retailCents = retailCents;
        this.rows = rows;
    }

    int size() {
        return ids.length;
    }

    String id(int index) {
        return ids[index];
    }

    long retailCents(int index) {
        return retailCents[index];
    }

    /** The product's current category: the one last written for it. */
    String category(int index) {
        return rows[index][Field.CATEGORY.ordinal()];
    }

    /** Whether the product's row has a cost above its retail price (a warning, planted in the base drop). */
    boolean costAboveRetail(int index) {
        String[] row = rows[index];
        return new BigDecimal(row[Field.COST.ordinal()]).compareTo(new BigDecimal(row[Field.RETAIL_PRICE.ordinal()])) > 0;
    }

    /** Writes the product's row again, unchanged but for its category, which becomes its current one. */
    void resend(CsvSink sink, int index, String category) throws IOException {
        String[] row = rows[index];
        row[Field.CATEGORY.ordinal()] = category;
        for (Field field : Field.values()) {
            if (row[field.ordinal()] != null) {
                sink.set(field, row[field.ordinal()]);
            }
        }
        sink.endRow();
    }

    /** Writes the products file with the planted product defects and returns the valid catalogue. */
    static Catalogue write(Path file, DropSpec spec, DefectPlan plan, Dice dice, SpareIds spare, Tally tally)
            throws IOException {
        int count = spec.products();
        String[] ids = new String[count];
        long[] retail = new long[count];
        String[][] rows = new String[count][];
        try (CsvSink sink = new CsvSink(file, FileLayout.forPart(FileType.PRODUCTS, 0))) {
            for (int i = 0; i < count; i++) {
                ids[i] = Integer.toString(i + 1);
                retail[i] = dice.between(199, 30_000);
                long cost = plan.costAboveRetail(i) ? retail[i] + dice.between(1, 500)
                        : retail[i] * dice.between(30, 71) / 100;
                if (plan.costAboveRetail(i)) {
                    tally.injected(Defect.COST_ABOVE_RETAIL, FileType.PRODUCTS);
                }
                String category = i < CATEGORIES.size() ? CATEGORIES.get(i) : dice.pick(CATEGORIES);
                // drawn in this order, which fixes the bytes of every drop written so far
                String[] row = new String[Field.COUNT];
                row[Field.ID.ordinal()] = ids[i];
                row[Field.SKU.ordinal()] = dice.hex(32);
                row[Field.COST.ordinal()] = dice.price(cost);
                row[Field.RETAIL_PRICE.ordinal()] = dice.price(retail[i]);
                row[Field.CATEGORY.ordinal()] = category;
                row[Field.NAME.ordinal()] = name(i, dice);
                row[Field.BRAND.ordinal()] = i == 2 || dice.percent(10) ? "" : dice.pick(BRANDS);
                row[Field.DEPARTMENT.ordinal()] = dice.percent(5) ? "" : dice.percent(50) ? "Women" : "Men";
                row[Field.DISTRIBUTION_CENTER_ID.ordinal()] = Integer.toString(dice.between(1, 11));
                rows[i] = row;
                for (Field field : Field.values()) {
                    if (row[field.ordinal()] != null) {
                        sink.set(field, row[field.ordinal()]);
                    }
                }
                sink.endRow();
                for (DefectPlan.Planted planted : plan.afterProduct(i)) {
                    badProduct(sink, planted, ids[i], category, dice, spare);
                    tally.injected(planted.defect(), FileType.PRODUCTS);
                }
            }
            tally.file(file, FileType.PRODUCTS, sink.rows());
        }
        return new Catalogue(ids, retail, rows);
    }

    /** Product names carry the CSV quirks: commas, double quotes and line breaks inside quoted fields. */
    private static String name(int index, Dice dice) {
        String base = dice.pick(ADJECTIVES) + " " + dice.pick(NOUNS);
        if (index == 0) {
            return "Men's \"" + base + "\", Slim Fit";
        }
        if (index == 1) {
            return base + "\nLimited edition";
        }
        int roll = dice.below(100);
        if (roll < 8) {
            return base + ", " + dice.pick(ADJECTIVES);
        }
        if (roll < 12) {
            return "The \"" + base + "\"";
        }
        return roll < 15 ? base + "\r\nSecond line" : base;
    }

    private static void badProduct(CsvSink sink, DefectPlan.Planted planted, String anchorId, String anchorCategory,
            Dice dice, SpareIds spare) throws IOException {
        long retail = dice.between(199, 30_000);
        sink.set(Field.ID, spare.productId())
                .set(Field.SKU, dice.hex(32))
                .set(Field.COST, dice.price(retail / 2))
                .set(Field.RETAIL_PRICE, dice.price(retail))
                .set(Field.CATEGORY, dice.pick(CATEGORIES))
                .set(Field.NAME, dice.pick(ADJECTIVES) + " " + dice.pick(NOUNS))
                .set(Field.BRAND, dice.pick(BRANDS))
                .set(Field.DEPARTMENT, "Women")
                .set(Field.DISTRIBUTION_CENTER_ID, "1");
        int v = planted.variant();
        switch (planted.defect()) {
            case MISSING_FIELD -> sink.set(v % 3 == 0 ? Field.SKU : v % 3 == 1 ? Field.CATEGORY : Field.COST,
                    v % 3 == 1 ? "  " : "");
            case BAD_ID -> sink.set(Field.ID, v % 2 == 0 ? SpareIds.tooLong("PRD-" + spare.productId() + "-") : spare.productId() + "\u0001x");
            case BAD_NUMBER -> sink.set(v % 2 == 0 ? Field.COST : Field.RETAIL_PRICE,
                    List.of("12,50", "€9.99", "NaN", "1.2E2", "Infinity").get(v % 5));
            case NEGATIVE_AMOUNT -> sink.set(v % 2 == 0 ? Field.COST : Field.RETAIL_PRICE, v % 2 == 0 ? "-1.00" : "-9.99");
            case DUPLICATE_KEY -> {
                // a later duplicate must lose: give it another category so a "last wins" bug shows in the KPIs
                String other = CATEGORIES.get((CATEGORIES.indexOf(anchorCategory) + 1) % CATEGORIES.size());
                sink.set(Field.ID, anchorId).set(Field.CATEGORY, other);
            }
            default -> throw new IllegalStateException(planted + " cannot be planted in a products file");
        }
        sink.endRow();
    }
}
