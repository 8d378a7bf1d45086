package org.ecomkpi.jberet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.ecomkpi.run.StepTally;
import org.ecomkpi.rules.RuleCode;
import org.ecomkpi.rules.WarningCode;
import org.junit.jupiter.api.Test;

/** What a checkpoint read back from a job repository may hold, and what it may not. */
class CheckpointFilterTest {

    private static final ClassLoader LOADER = CheckpointFilterTest.class.getClassLoader();

    @Test
    void everyCheckpointOurJobsWriteIsReadBack() throws Exception {
        StepTally tally = new StepTally();
        tally.partWritten();
        tally.file("landing-data/orders/orders-001.csv").countRead();
        tally.file("landing-data/orders/orders-001.csv").countRejected(RuleCode.BAD_ID);
        tally.file("landing-data/orders/orders-002.csv").countWarning(WarningCode.values()[0], 3);
        List<Serializable> checkpoints = List.of(tally, 7, 42L, "text",
                cursor("org.ecomkpi.step.validate.FileCursor", 1, 2048L, 17L),
                cursor("org.ecomkpi.step.transform.FactCursor", 1, 3, 4096L));

        for (Serializable checkpoint : checkpoints) {
            Serializable read = CheckpointFilter.read(bytesOf(checkpoint), LOADER);
            assertEquals(checkpoint.getClass(), read.getClass());
        }
        StepTally read = (StepTally) CheckpointFilter.read(bytesOf(tally), LOADER);
        assertEquals(tally.rejectedByRule(), read.rejectedByRule());
        assertEquals(tally.files().keySet(), read.files().keySet());
    }

    @Test
    void gadgetLikeCollectionIsRefusedNamingItsClass() {
        PriorityQueue<String> queue = new PriorityQueue<>(Collections.reverseOrder());
        queue.add("a");

        CheckpointFilter.RefusedCheckpointException refused = assertThrows(
                CheckpointFilter.RefusedCheckpointException.class, () -> CheckpointFilter.read(bytesOf(queue), LOADER));
        assertEquals("checkpoint refused: class java.util.PriorityQueue is not an allowed checkpoint type",
                refused.getMessage());
    }

    @Test
    void allowedClassHoldingAnotherIsRefusedNamingTheOther() {
        LinkedHashMap<String, Serializable> map = new LinkedHashMap<>();
        map.put("set", new java.util.TreeSet<>(List.of(1)));

        Exception refused = assertThrows(CheckpointFilter.RefusedCheckpointException.class,
                () -> CheckpointFilter.read(bytesOf(map), LOADER));
        assertTrue(refused.getMessage().contains("java.util.TreeSet"), refused.getMessage());
    }

    @Test
    void aFailedStepsExceptionWithItsCauseAndSuppressedOnesIsReadBack() throws Exception {
        IllegalStateException failure = new IllegalStateException("injected", new java.io.IOException("disk"));
        failure.addSuppressed(new IllegalArgumentException("also"));

        Throwable read = (Throwable) CheckpointFilter.read(bytesOf(failure), LOADER);

        assertEquals("injected", read.getMessage());
        assertEquals("disk", read.getCause().getMessage());
        assertEquals("also", read.getSuppressed()[0].getMessage());
    }

    /** An exception whose field holds any object, as a tampered failure record might. */
    private static final class CarryingException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Serializable carried;

        CarryingException(Serializable carried) {
            super("carrier");
            this.carried = carried;
        }
    }

    @Test
    void anExceptionCarryingAGadgetLikeValueIsRefused() {
        PriorityQueue<String> queue = new PriorityQueue<>(Collections.reverseOrder());
        queue.add("a");

        Exception refused = assertThrows(CheckpointFilter.RefusedCheckpointException.class,
                () -> CheckpointFilter.read(bytesOf(new CarryingException(queue)), LOADER));
        assertTrue(refused.getMessage().contains("java.util.PriorityQueue"), refused.getMessage());
    }

    @Test
    void checkpointNestedTooDeeplyIsRefused() {
        Map<String, Object> deepest = new LinkedHashMap<>();
        LinkedHashMap<String, Object> outer = new LinkedHashMap<>(deepest);
        for (int i = 0; i < CheckpointFilter.MAX_DEPTH; i++) {
            LinkedHashMap<String, Object> wrapper = new LinkedHashMap<>();
            wrapper.put("inner", outer);
            outer = wrapper;
        }
        LinkedHashMap<String, Object> tooDeep = outer;

        Exception refused = assertThrows(CheckpointFilter.RefusedCheckpointException.class,
                () -> CheckpointFilter.read(bytesOf(tooDeep), LOADER));
        assertTrue(refused.getMessage().contains("nesting depth"), refused.getMessage());
    }

    @Test
    void checkpointWithAnOversizedArrayIsRefused() {
        int[] huge = new int[(int) CheckpointFilter.MAX_ARRAY_LENGTH + 1];

        Exception refused = assertThrows(CheckpointFilter.RefusedCheckpointException.class,
                () -> CheckpointFilter.read(bytesOf(huge), LOADER));
        assertTrue(refused.getMessage().contains("exceeds the limit"), refused.getMessage());
    }

    private static Serializable cursor(String type, Object... fields) throws Exception {
        Constructor<?> constructor = Class.forName(type).getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        return (Serializable) constructor.newInstance(fields);
    }

    private static byte[] bytesOf(Object checkpoint) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(checkpoint);
        }
        return bytes.toByteArray();
    }
}
