package org.ecomkpi.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.ecomkpi.jberet.JobLauncher;

/**
 * Entry point of a child JVM that holds an H2 store as a running job does: opens the job repository in the file,
 * prints {@code holding}, and keeps it open until its stdin closes.
 */
final class HoldTheStore {
    private HoldTheStore() {
    }

    public static void main(String[] args) throws IOException {
        try (JobLauncher launcher = JobLauncher.onH2(Path.of(args[0]))) {
            System.out.println("holding");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
