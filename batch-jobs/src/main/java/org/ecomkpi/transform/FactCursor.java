package org.ecomkpi.transform;

import java.io.Serializable;

/** The fact reader's checkpoint: which staged part it is in ({@code step} 0 orders, 1 items) and rows done there. */
record FactCursor(int step, int part, long rowsDone) implements Serializable {
    static final FactCursor START = new FactCursor(0, 0, 0);
}
