package org.ecomkpi.transform;

import java.io.Serializable;

/**
 * The aggregate writer's checkpoint: the accumulator's own versioned bytes, wrapped because JBeret takes a bare
 * {@code byte[]} checkpoint for an already-serialised object.
 */
record ContributionCheckpoint(byte[] state) implements Serializable {
}
