package org.ecomkpi.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a recorded run spent its time, from a JFR file (e.g. the benchmark's
 * {@code --ours-java-opts "-XX:StartFlightRecording=filename=ours.jfr,settings=profile"}): CPU samples per thread,
 * the hottest methods by own samples (alone, and with the nearest {@code org.ecomkpi} method calling them), our methods ({@code org.ecomkpi}) by samples anywhere on the stack, and
 * garbage collection pauses.
 *
 * <pre>
 * java -cp CLASSPATH org.ecomkpi.bench.JfrHotMethods RECORDING.jfr [TOP]
 * </pre>
 */
public final class JfrHotMethods {
    private JfrHotMethods() {
    }

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> ours = new HashMap<>();
        Map<String, Long> selfByCaller = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        long gcs = 0;
        Duration pauses = Duration.ZERO;
        Duration longest = Duration.ZERO;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                threads.merge(e.getThread("sampledThread").getJavaName(), 1L, Long::sum);
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(name(frames.get(0)), 1L, Long::sum);
                String caller = frames.stream().map(JfrHotMethods::name).filter(m -> m.startsWith("org.ecomkpi."))
                        .findFirst().orElse("(none of ours)");
                selfByCaller.merge(name(frames.get(0)) + "  <-  " + caller, 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String method = name(frame);
                    if (method.startsWith("org.ecomkpi.") && seen.add(method)) {
                        ours.merge(method, 1L, Long::sum);
                    }
                }
            } else if (type.equals("jdk.GarbageCollection")) {
                gcs++;
                pauses = pauses.plus(e.getDuration("sumOfPauses"));
                longest = longest.compareTo(e.getDuration("longestPause")) < 0 ? e.getDuration("longestPause") : longest;
            }
        }
        System.out.printf("%d CPU samples; %d garbage collections, %.1f s of pauses, longest %d ms%n", samples, gcs,
                pauses.toMillis() / 1000.0, longest.toMillis());
        print("samples by thread", threads, samples, top);
        print("hottest methods (own samples)", self, samples, top);
        print("hottest methods by the nearest of our methods calling them", selfByCaller, samples, top);
        print("our methods (samples with the method anywhere on the stack)", ours, samples, top);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Long> counts, long samples, int top) {
        System.out.println();
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
    }
}
