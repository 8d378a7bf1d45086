package org.ecomkpi.jberet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.Optional;
import java.util.Set;

/**
 * The only classes a checkpoint may hold when it is read back from a job repository: our readers' and writers'
 * checkpoint types and the JDK values and collections inside them, and a failed step's exception. Anything else — a gadget chain, an unexpected
 * class, a stream too deep or too large — is refused before it is instantiated, so a tampered item or spill object
 * cannot run code in the job.
 *
 * <p>One filter reads one stream: it remembers why it refused, so the error names the class or the limit.
 */
public final class CheckpointFilter implements ObjectInputFilter {

    /**
     * Classes seen in our jobs' checkpoints (readers: {@code FileCursor}, {@code FactCursor}; writers: {@code StepTally}
     * of {@code FileTally}s, a part count), with the superclasses and array types Java serialisation reports for them.
     */
    static final Set<String> ALLOWED = Set.of(
            "org.ecomkpi.step.validate.FileCursor",
            "org.ecomkpi.step.transform.FactCursor",
            "org.ecomkpi.run.StepTally",
            "org.ecomkpi.run.FileTally",
            "org.ecomkpi.rules.RuleCode",
            "org.ecomkpi.rules.WarningCode",
            "java.lang.Enum",
            "java.lang.Number",
            "java.lang.Integer",
            "java.lang.Long",
            "java.lang.String",
            "java.util.HashMap",
            "java.util.LinkedHashMap",
            "java.util.Map$Entry",
            "java.util.EnumMap");
    /**
     * What a step's failure holds besides the exception classes themselves: JBeret keeps the exception with the
     * step execution and reads it back when it records the failure, so a filter that refused it would leave every
     * failed step STARTED. Any {@link Throwable} is allowed, but whatever it holds passes this filter too.
     */
    static final Set<String> ALLOWED_IN_FAILURES = Set.of(
            "java.lang.StackTraceElement",
            "java.util.ArrayList",
            "java.util.Collections$EmptyList",
            "java.util.Collections$UnmodifiableCollection",
            "java.util.Collections$UnmodifiableList",
            "java.util.Collections$UnmodifiableRandomAccessList");
    static final long MAX_DEPTH = 16;
    static final long MAX_ARRAY_LENGTH = 1 << 20;
    static final long MAX_REFERENCES = 1 << 20;
    static final long MAX_BYTES = 64L << 20;

    private String refusal = "";

    private CheckpointFilter() {
    }

    /**
     * Reads a checkpoint, refusing any class off the allow-list and any stream beyond the limits.
     *
     * @throws RefusedCheckpointException naming the refused class or the limit exceeded
     */
    public static Serializable read(byte[] bytes, ClassLoader loader) throws IOException, ClassNotFoundException {
        CheckpointFilter filter = new CheckpointFilter();
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
            in.setObjectInputFilter(filter);
            return (Serializable) in.readObject();
        } catch (InvalidClassException e) {
            throw filter.refusal().<IOException>map(RefusedCheckpointException::new).orElse(e);
        }
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > MAX_DEPTH) {
            return refuse("nesting depth " + info.depth() + " exceeds the limit of " + MAX_DEPTH);
        }
        if (info.references() > MAX_REFERENCES) {
            return refuse(info.references() + " references exceed the limit of " + MAX_REFERENCES);
        }
        if (info.streamBytes() > MAX_BYTES) {
            return refuse(info.streamBytes() + " bytes exceed the limit of " + MAX_BYTES);
        }
        if (info.arrayLength() > MAX_ARRAY_LENGTH) {
            return refuse("an array of " + info.arrayLength() + " exceeds the limit of " + MAX_ARRAY_LENGTH);
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return Status.ALLOWED;
        }
        boolean array = type.isArray();
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (array && type == Object.class) {
            return Status.ALLOWED; // an ArrayList's element array: each element is checked on its own
        }
        if (type.isPrimitive() || ALLOWED.contains(type.getName()) || ALLOWED_IN_FAILURES.contains(type.getName())
                || Throwable.class.isAssignableFrom(type)) {
            return Status.ALLOWED;
        }
        return refuse("class " + type.getName() + " is not an allowed checkpoint type");
    }

    private Status refuse(String reason) {
        if (refusal.isEmpty()) {
            refusal = reason;
        }
        return Status.REJECTED;
    }

    private Optional<String> refusal() {
        return refusal.isEmpty() ? Optional.empty() : Optional.of(refusal);
    }

    /** A checkpoint holding a class off the allow-list, or larger or deeper than the limits. */
    public static final class RefusedCheckpointException extends InvalidClassException {
        private static final long serialVersionUID = 1L;

        RefusedCheckpointException(String reason) {
            super("checkpoint refused: " + reason);
        }
    }

    /** Resolves classes through the job's loader, as JBeret's own stream does. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(ByteArrayInputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (loader == null) {
                return super.resolveClass(desc);
            }
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
