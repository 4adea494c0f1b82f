package io.github.redisauth.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link WatchdogChildMain} with the given arguments, and the port and pid of every
 * server it reported in its {@code READY} line. {@link #killMinus9()} kills it with SIGKILL.
 */
final class WatchdogChild implements AutoCloseable {

    final List<Integer> ports = new ArrayList<>();
    final List<Long> pids = new ArrayList<>();
    private final Process process;
    private final BufferedReader out;

    private WatchdogChild(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the child and waits for its READY line; throws when it ends without one. */
    static WatchdogChild start(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WatchdogChildMain.class.getName()));
        command.addAll(arguments);
        WatchdogChild child = new WatchdogChild(new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start());
        String line;
        while ((line = child.out.readLine()) != null && !line.startsWith("READY")) {
            // skip log output
        }
        if (line == null) {
            child.close();
            throw new IOException("the child JVM ended without a READY line");
        }
        String[] parts = line.split(" ");
        for (int i = 1; i + 1 < parts.length; i += 2) {
            child.ports.add(Integer.parseInt(parts[i]));
            child.pids.add(Long.parseLong(parts[i + 1]));
        }
        return child;
    }

    /** SIGKILL, so no shutdown hook runs. @return whether the child JVM was gone within 5 s */
    boolean killMinus9() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        out.close();
    }
}
