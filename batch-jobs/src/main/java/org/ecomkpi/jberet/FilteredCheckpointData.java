package org.ecomkpi.jberet;

import java.io.IOException;
import java.io.Serializable;

import org.jberet.spi.SerializableDataProvider;
import org.jberet.util.BatchUtil;

/**
 * JBeret's hook for turning stored checkpoints and persistent user data back into objects, registered in
 * {@code META-INF/services}: every repository (H2 through JBeret's JDBC one, DynamoDB through ours) reads them
 * through {@link CheckpointFilter}. Writing is JBeret's own.
 */
public final class FilteredCheckpointData implements SerializableDataProvider {

    @Override
    public byte[] objectToBytes(Object data) throws IOException {
        return BatchUtil.objectToBytes(data);
    }

    @Override
    public Serializable bytesToObject(byte[] data, Class<?> type, ClassLoader loader)
            throws IOException, ClassNotFoundException {
        return data == null ? null : CheckpointFilter.read(data, loader);
    }
}
