package org.ecomkpi.generate;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ecomkpi.row.FileType;

/**
 * Where each planted defect goes, decided before anything is written so that files can be streamed: which
 * file, and after which valid row (the "anchor", whose order id or product id some defects reuse).
 */
final class DefectPlan {

    /** One planted bad row; {@code variant} picks among the ways a rule can be broken. */
    record Planted(Defect defect, FileType type, int variant) {
    }

    private final List<Map<Integer, List<Planted>>> byPartAndAnchor;
    private final List<BitSet> countMismatchAnchors;
    private final Map<Integer, List<Planted>> productsByAnchor;
    private final BitSet costAboveRetail;

    private DefectPlan(List<Map<Integer, List<Planted>>> byPartAndAnchor, List<BitSet> countMismatchAnchors,
            Map<Integer, List<Planted>> productsByAnchor, BitSet costAboveRetail) {
        this.byPartAndAnchor = byPartAndAnchor;
        this.countMismatchAnchors = countMismatchAnchors;
        this.productsByAnchor = productsByAnchor;
        this.costAboveRetail = costAboveRetail;
    }

    static DefectPlan of(DropSpec spec, int[] ordersPerPart) {
        int parts = ordersPerPart.length;
        int perRule = spec.badRowsPerRule();
        List<List<Planted>> partRows = new ArrayList<>();
        List<Integer> mismatchesPerPart = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            partRows.add(new ArrayList<>());
            mismatchesPerPart.add(0);
        }
        List<Planted> productRows = new ArrayList<>();
        Map<Defect, Map<FileType, Integer>> variants = new EnumMap<>(Defect.class);
        int nextPart = 0;
        for (Defect defect : Defect.values()) {
            if (defect.isWarning()) {
                continue;
            }
            for (int k = 0; k < perRule; k++) {
                FileType type = defect.targets().get(k % defect.targets().size());
                if (type == FileType.PRODUCTS) {
                    productRows.add(new Planted(defect, type, nextVariant(variants, defect, type)));
                    continue;
                }
                int part = nextPart++ % parts;
                if (type == FileType.ORDER_ITEMS && !feasibleInItems(defect, FileLayout.forPart(FileType.ORDER_ITEMS, part))) {
                    type = FileType.ORDERS;
                }
                partRows.get(part).add(new Planted(defect, type, nextVariant(variants, defect, type)));
            }
        }
        for (int k = 0; k < perRule; k++) {
            int part = k % parts;
            mismatchesPerPart.set(part, mismatchesPerPart.get(part) + 1);
        }

        List<Map<Integer, List<Planted>>> byPartAndAnchor = new ArrayList<>();
        List<BitSet> mismatchAnchors = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            byPartAndAnchor.add(anchored(partRows.get(p), ordersPerPart[p]));
            mismatchAnchors.add(spread(Math.min(mismatchesPerPart.get(p), ordersPerPart[p]), ordersPerPart[p]));
        }
        return new DefectPlan(byPartAndAnchor, mismatchAnchors, anchored(productRows, spec.products()),
                spread(Math.min(perRule, spec.products()), spec.products()));
    }

    /** Bad rows to write right after the {@code anchor}-th order (and its items) of a part. */
    List<Planted> afterOrder(int part, int anchor) {
        return byPartAndAnchor.get(part).getOrDefault(anchor, List.of());
    }

    /** Whether the {@code index}-th order of a part gets a num_of_item that differs from its item count. */
    boolean countMismatch(int part, int index) {
        return countMismatchAnchors.get(part).get(index);
    }

    /** Bad rows to write right after the {@code anchor}-th valid product. */
    List<Planted> afterProduct(int anchor) {
        return productsByAnchor.getOrDefault(anchor, List.of());
    }

    boolean costAboveRetail(int productIndex) {
        return costAboveRetail.get(productIndex);
    }

    /** Item-level variants need columns some item layouts lack; those rows go to the orders file instead. */
    static boolean feasibleInItems(Defect defect, FileLayout items) {
        return switch (defect) {
            case TIME_ORDER -> items.has(Field.SHIPPED_AT) && items.has(Field.DELIVERED_AT);
            case BAD_STATUS -> items.has(Field.STATUS);
            default -> true;
        };
    }

    private static int nextVariant(Map<Defect, Map<FileType, Integer>> variants, Defect defect, FileType type) {
        Map<FileType, Integer> byType = variants.computeIfAbsent(defect, d -> new EnumMap<>(FileType.class));
        int variant = byType.getOrDefault(type, 0);
        byType.put(type, variant + 1);
        return variant;
    }

    /** Spreads rows evenly over {@code rows} anchors, in plan order. */
    private static Map<Integer, List<Planted>> anchored(List<Planted> planted, int rows) {
        Map<Integer, List<Planted>> byAnchor = new HashMap<>();
        for (int j = 0; j < planted.size(); j++) {
            int anchor = (int) ((long) j * rows / planted.size());
            byAnchor.computeIfAbsent(anchor, a -> new ArrayList<>()).add(planted.get(j));
        }
        return byAnchor;
    }

    /** {@code count} distinct indexes spread over {@code size} (count must not exceed size). */
    private static BitSet spread(int count, int size) {
        BitSet chosen = new BitSet(size);
        for (int j = 0; j < count; j++) {
            // offset by half a step so warnings do not all sit on the first rows, where forced quirks live
            chosen.set((int) (((long) j * size + size / 2) / count) % size);
        }
        return chosen;
    }
}
