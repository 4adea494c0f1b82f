package io.github.redisauth.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Looks for live redis-server (or watchdog shell) processes mentioning a port, via /proc. */
final class ProcScan {

    private ProcScan() {
    }

    static List<String> redisProcessesMentioning(int port) throws IOException {
        String p = Integer.toString(port);
        return scan(cmdline -> cmdline.contains("redis") && cmdline.matches("(?s).*\\D" + p + "(\\D.*|$)"));
    }

    static List<String> processesMentioning(String text) throws IOException {
        return scan(cmdline -> cmdline.contains(text));
    }

    private static List<String> scan(java.util.function.Predicate<String> match) throws IOException {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                String cmdline;
                String stat;
                try {
                    cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.ISO_8859_1)
                            .replace('\0', ' ');
                    stat = Files.readString(proc.resolve("stat"), StandardCharsets.ISO_8859_1);
                } catch (IOException gone) {
                    continue;
                }
                boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                if (!zombie && match.test(cmdline)) {
                    found.add(proc.getFileName() + ": " + cmdline.trim());
                }
            }
        }
        return found;
    }

    static boolean alive(long pid) {
        return io.github.redisauth.testkit.internal.ServerProcess.isPidAlive(pid);
    }
}
