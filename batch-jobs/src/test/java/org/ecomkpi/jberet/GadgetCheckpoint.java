package org.ecomkpi.jberet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A checkpoint shaped like the classic deserialisation gadgets: a collection that calls its comparator while it is
 * read. The comparator counts its calls in this JVM, so a test can tell that a refused checkpoint was never read
 * (the refusal came before any of the gadget's code ran), not only that it was refused.
 */
final class GadgetCheckpoint {

    private static final AtomicInteger COMPARISONS_WHILE_READ = new AtomicInteger();

    private GadgetCheckpoint() {
    }

    /** The serialised gadget: a priority queue of two strings, ordered by {@link CountingComparator}. */
    static byte[] bytes() throws IOException {
        PriorityQueue<String> queue = new PriorityQueue<>(new CountingComparator());
        queue.add("a");
        queue.add("b");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(queue);
        }
        COMPARISONS_WHILE_READ.set(0); // adding to the queue compared too; only reading it counts from here on
        return bytes.toByteArray();
    }

    /** How many times a gadget's comparator ran since the last {@link #bytes()}: reading a gadget runs it. */
    static int comparisonsWhileRead() {
        return COMPARISONS_WHILE_READ.get();
    }

    private static final class CountingComparator implements Comparator<String>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(String a, String b) {
            COMPARISONS_WHILE_READ.incrementAndGet();
            return b.compareTo(a);
        }
    }
}
