package io.github.redisauth.testkit.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server started under a {@code /bin/sh} watchdog that cannot outlive this JVM.
 *
 * <p>The shell starts redis-server in the background (stdin from /dev/null, output to a file),
 * prints its pid on stdout, then runs {@code cat} on its own stdin, which is a pipe whose only
 * writer is this JVM. When the JVM closes the pipe ({@link #stop}) or dies for any reason,
 * kill -9 included, the kernel closes the pipe, {@code cat} sees EOF and the shell kills the
 * server with SIGKILL and reaps it. The shell never {@code exec}s, so it stays the server's
 * parent; its last command is the builtin {@code exit}, so no shell "exec the last command"
 * optimisation can replace it with {@code cat}. A JVM shutdown hook additionally stops every
 * live server on normal exit.
 *
 * <p>Thread-safe.
 */
public final class ServerProcess {

    /** The watchdog script; $0 = binary, $1 = config file, $2 = output file. */
    static final String WATCHDOG = String.join("\n",
            "R=''",
            "trap 'if [ -n \"$R\" ]; then kill -9 \"$R\" 2>/dev/null; fi; exit 129' HUP INT TERM",
            "\"$0\" \"$1\" </dev/null >>\"$2\" 2>&1 &",
            "R=$!",
            "echo \"$R\"",
            "cat >/dev/null",
            "kill -9 \"$R\" 2>/dev/null",
            "wait \"$R\" 2>/dev/null",
            "exit 0");

    private static final Set<ServerProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ServerProcess p : LIVE) {
                p.stop(Duration.ofSeconds(2));
            }
        }, "redis-auth-testkit-shutdown"));
    }

    private final Process watchdog;
    private final long serverPid;

    private ServerProcess(Process watchdog, long serverPid) {
        this.watchdog = watchdog;
        this.serverPid = serverPid;
    }

    /**
     * Starts {@code binary config} under the watchdog.
     *
     * @param output file receiving the server's stdout/stderr and the shell's stderr
     * @throws IOException when the shell cannot be started or does not report the pid
     */
    public static ServerProcess launch(Path binary, Path config, Path output) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", WATCHDOG,
                binary.toString(), config.toString(), output.toString())
                .directory(config.getParent().toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(output.toFile()));
        Process p = pb.start();
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            line = r.readLine();
        }
        long pid;
        try {
            pid = Long.parseLong(line == null ? "" : line.trim());
        } catch (NumberFormatException e) {
            p.getOutputStream().close();
            p.destroyForcibly();
            throw new IOException("watchdog shell did not report the server pid (got " + line + ")");
        }
        ServerProcess sp = new ServerProcess(p, pid);
        LIVE.add(sp);
        return sp;
    }

    /** The pid of the redis-server process itself (not the shell). */
    public long serverPid() {
        return serverPid;
    }

    /** Whether the redis-server process exists and is not a zombie. */
    public boolean isAlive() {
        return isPidAlive(serverPid);
    }

    /**
     * Closes the watchdog's pipe (the shell then SIGKILLs the server), waits for the shell to
     * exit and for the server pid to be gone. Idempotent.
     */
    public void stop(Duration timeout) {
        LIVE.remove(this);
        try {
            watchdog.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!watchdog.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
                watchdog.destroyForcibly();
            }
            while (isAlive() && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(2)) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
            watchdog.destroyForcibly();
        }
    }

    /** Whether a pid exists and is not a zombie, from {@code /proc/<pid>/stat}. */
    public static boolean isPidAlive(long pid) {
        try {
            String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
