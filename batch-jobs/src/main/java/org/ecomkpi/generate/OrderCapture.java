package org.ecomkpi.generate;

/** Keeps some of the orders a {@link PartWriter} writes, with their items, for later change batches. */
interface OrderCapture {
    /** Keeps nothing: plain drops. */
    OrderCapture NONE = new OrderCapture() {
        @Override
        public boolean keeps(int part, int index) {
            return false;
        }

        @Override
        public void kept(TrackedOrder order) {
        }
    };

    /** Whether to keep the {@code index}-th valid order of the part; asked once per valid order, in writing order. */
    boolean keeps(int part, int index);

    /** The kept order, its items filled in, once they are written. */
    void kept(TrackedOrder order);
}
