package org.ecomkpi.jberet;

import java.io.BufferedReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Reads the input file line by line; its checkpoint is the number of lines read, so a restart skips them. */
@Named("numberedLineReader")
public class NumberedLineReader extends AbstractItemReader {

    @Inject
    @BatchProperty
    String input;

    private BufferedReader lines;
    private int linesRead;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        lines = Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
        int resumeAfter = checkpoint == null ? 0 : (Integer) checkpoint;
        while (linesRead < resumeAfter && lines.readLine() != null) {
            linesRead++;
        }
    }

    @Override
    public Object readItem() throws Exception {
        String line = lines.readLine();
        if (line == null) {
            return null;
        }
        linesRead++;
        return new NumberedLine(linesRead, line);
    }

    @Override
    public Serializable checkpointInfo() {
        return linesRead;
    }

    @Override
    public void close() throws Exception {
        if (lines != null) {
            lines.close();
        }
    }
}
