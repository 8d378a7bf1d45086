package org.ecomkpi.step.transform;

import java.io.Serializable;

/**
 * The fact reader's checkpoint: which staged part it is in ({@code step} 0 orders, 1 items) and the byte offset
 * there of the next row to aggregate. A restarted reader opens the part at that offset (a ranged read on S3).
 */
record FactCursor(int step, int part, long byteOffset) implements Serializable {
    static final FactCursor START = new FactCursor(0, 0, 0);
}
