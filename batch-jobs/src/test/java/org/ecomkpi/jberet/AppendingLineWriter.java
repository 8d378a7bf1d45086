package org.ecomkpi.jberet;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Appends lines to the output file. Exactly once per committed chunk: its checkpoint is the file length after the
 * last chunk, and {@link #open} cuts the file back to it, dropping lines of a chunk that was written but never
 * committed. Can fail on purpose right after writing the chunk holding line {@code failAfterWritingItem}.
 */
@Named("appendingLineWriter")
public class AppendingLineWriter extends AbstractItemWriter {

    @Inject
    @BatchProperty
    String output;

    @Inject
    @BatchProperty
    int failAfterWritingItem;

    private FileChannel file;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        file = FileChannel.open(Path.of(output), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        file.truncate(checkpoint == null ? 0 : (Long) checkpoint);
        file.position(file.size());
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        StringBuilder chunk = new StringBuilder();
        for (Object item : items) {
            chunk.append(((NumberedLine) item).text()).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(chunk.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            file.write(bytes);
        }
        for (Object item : items) {
            if (((NumberedLine) item).number() == failAfterWritingItem) {
                throw new IllegalStateException("injected failure after writing line " + failAfterWritingItem);
            }
        }
    }

    @Override
    public Serializable checkpointInfo() throws Exception {
        return file.size();
    }

    @Override
    public void close() throws Exception {
        if (file != null) {
            file.close();
        }
    }
}
