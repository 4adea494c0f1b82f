package io.github.redisauth.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where redis-auth's own code shows up in a JFR recording of the steady-state section (see
 * {@code redis-auth-bench/profile}): of the CPU samples ({@code jdk.ExecutionSample}), how many have
 * a frame of redis-auth's client code ({@code io.github.redisauth}, the harness and testkit excluded) on the stack,
 * which of our methods is the outermost such frame, the innermost one with the method it was calling
 * (our own work when that callee is ours or the JDK, the client's work beneath us otherwise), and
 * which methods those samples were running (leaf frames). Ours and stock run in the same threads, so the samples without our frames are both
 * clients' (and the JVM's) common work.
 */
public final class JfrSummary {

    private static final String OURS = "io.github.redisauth.";
    private static final String HARNESS = "io.github.redisauth.bench.";
    private static final String TESTKIT = "io.github.redisauth.testkit.";

    private JfrSummary() {
    }

    /**
     * @param args the recording file, and optionally how many lines per table (default 15)
     * @throws IOException when the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Map<String, Integer> threadGroups = new HashMap<>();
        Map<String, Integer> outermostOurs = new HashMap<>();
        Map<String, Integer> leafUnderOurs = new HashMap<>();
        Map<String, Integer> innermostOurs = new HashMap<>();
        int samples = 0;
        int withOurs = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            threadGroups.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            String outermost = null;
            String innermost = null;
            for (int i = 0; i < frames.size(); i++) {
                String name = name(frames.get(i));
                if (name.startsWith(OURS) && !name.startsWith(HARNESS) && !name.startsWith(TESTKIT)) {
                    outermost = name;
                    if (innermost == null) {
                        innermost = name + (i > 0 ? " -> " + name(frames.get(i - 1)) : " (leaf)");
                    }
                }
            }
            if (outermost != null) {
                withOurs++;
                outermostOurs.merge(outermost, 1, Integer::sum);
                leafUnderOurs.merge(frames.isEmpty() ? "?" : name(frames.get(0)), 1, Integer::sum);
                innermostOurs.merge(innermost, 1, Integer::sum);
            }
        }
        System.out.printf("CPU samples: %d; with a redis-auth frame on the stack: %d (%.1f %%)%n", samples, withOurs,
                samples == 0 ? 0.0 : 100.0 * withOurs / samples);
        print("samples per thread (digits as N)", threadGroups, samples, top);
        print("outermost redis-auth frame", outermostOurs, samples, top);
        print("innermost redis-auth frame -> the method it was calling", innermostOurs, samples, top);
        print("leaf frame of those samples", leafUnderOurs, samples, top);
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method == null ? "?" : method.getType().getName() + "." + method.getName();
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println("-- " + title);
        String lines = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .map(e -> String.format("%6d %5.1f %%  %s", e.getValue(), 100.0 * e.getValue() / samples, e.getKey()))
                .collect(Collectors.joining("\n"));
        System.out.println(lines);
    }
}
