package org.ecomkpi.step.validate;

import java.io.Serializable;

/**
 * The source reader's checkpoint: which of the step's files it is in, and the byte offset and line of the
 * next record there. A restarted reader opens that file at that offset (a ranged read on S3).
 */
record FileCursor(int fileIndex, long byteOffset, long line) implements Serializable {
    static final FileCursor START = new FileCursor(0, 0, 0);
}
