package io.github.redisauth.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds redis-server binaries: classpath resources extracted once to {@code bin/}, or the one
 * on the PATH; and checks that they run here.
 */
public final class Binaries {

    /** Resource of Redis 2.8.19 (it.ozimov:embedded-redis), linux x86-64. */
    public static final String RESOURCE_2_8 = "/redis-server-2.8.19";
    /** Resource of Redis 6.2.x built with TLS (com.github.codemonstur:embedded-redis), linux x86-64. */
    public static final String RESOURCE_6_2 = "/redis-server-6.2.6-v5-linux-amd64";

    private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Map<String, Probe> PROBES = new ConcurrentHashMap<>();

    private Binaries() {
    }

    /** Result of locating and running {@code redis-server --version}. */
    public record Probe(Path binary, String version, String unavailableReason) {
        /** Whether the binary exists and runs. */
        public boolean available() {
            return unavailableReason == null;
        }
    }

    /** Probes an embedded resource; cached per JVM. */
    public static Probe embedded(String resource, int expectedMajor) {
        return PROBES.computeIfAbsent(resource, r -> probeEmbedded(r, expectedMajor));
    }

    /** Probes {@code redis-server} on the PATH, requiring at least {@code minMajor}; cached. */
    public static Probe onPath(int minMajor) {
        return PROBES.computeIfAbsent("PATH:" + minMajor, k -> probePath(minMajor));
    }

    private static Probe probeEmbedded(String resource, int expectedMajor) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return new Probe(null, null, "the embedded binary " + resource
                    + " is for linux x86-64, this JVM runs on " + os + "/" + arch);
        }
        Path binary;
        try {
            binary = extract(resource);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return new Probe(null, null, "cannot extract " + resource + ": " + e.getMessage());
        }
        return runVersion(binary, expectedMajor, false);
    }

    private static Probe probePath(int minMajor) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Paths.get(dir, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return runVersion(candidate, minMajor, true);
                }
            }
        }
        return new Probe(null, null, "no redis-server on the PATH (install Redis " + minMajor
                + ".x, e.g. Debian's redis-server package)");
    }

    private static Probe runVersion(Path binary, int major, boolean atLeast) {
        String out;
        int exit;
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            boolean done = p.waitFor(10, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
                return new Probe(binary, null, binary + " --version did not finish within 10 s");
            }
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            exit = p.exitValue();
        } catch (IOException e) {
            return new Probe(binary, null, "cannot run " + binary + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(binary, null, "interrupted while probing " + binary);
        }
        Matcher m = VERSION.matcher(out);
        if (exit != 0 || !m.find()) {
            return new Probe(binary, null, binary + " --version failed (exit " + exit + "): " + out);
        }
        int found = Integer.parseInt(m.group(1));
        if (atLeast ? found < major : found != major) {
            return new Probe(binary, null, binary + " is Redis " + m.group(1) + "." + m.group(2) + "."
                    + m.group(3) + ", need " + major + ".x");
        }
        return new Probe(binary, m.group(1) + "." + m.group(2) + "." + m.group(3), null);
    }

    /**
     * Copies a classpath resource to {@code bin/} once (same size = already there), executable,
     * via a temporary file and an atomic move so concurrent JVMs never see a half-written file.
     */
    static Path extract(String resource) throws IOException {
        Path bin = Workspace.directory("bin");
        Path target = bin.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        try (InputStream in = Binaries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is not on the classpath");
            }
            byte[] bytes = in.readAllBytes();
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length && Files.isExecutable(target)) {
                return target;
            }
            Path tmp = Files.createTempFile(bin, target.getFileName().toString(), ".tmp");
            Files.write(tmp, bytes);
            if (!tmp.toFile().setExecutable(true, true)) {
                throw new IOException("cannot make " + tmp + " executable");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        }
    }

    /** The version string of a probe, if available. */
    public static Optional<String> version(Probe p) {
        return Optional.ofNullable(p.version());
    }
}
