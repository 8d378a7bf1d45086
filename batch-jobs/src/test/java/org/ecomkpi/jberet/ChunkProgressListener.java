package org.ecomkpi.jberet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.listener.AbstractChunkListener;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Writes to the progress file how many chunks are committed. JBeret calls {@code beforeChunk} after the previous
 * chunk's checkpoint is saved and committed (its {@code afterChunk} comes before that), so the count is exact.
 */
@Named("chunkProgressListener")
public class ChunkProgressListener extends AbstractChunkListener {

    @Inject
    @BatchProperty
    String progress;

    private int chunksBegun;

    @Override
    public void beforeChunk() throws Exception {
        if (progress == null || progress.isEmpty()) {
            return;
        }
        Path file = Path.of(progress);
        Path next = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(next, Integer.toString(chunksBegun));
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        chunksBegun++;
    }
}
