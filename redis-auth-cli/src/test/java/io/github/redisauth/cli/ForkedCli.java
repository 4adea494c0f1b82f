package io.github.redisauth.cli;

import io.github.redisauth.testkit.OwnThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real CLI jar ({@code target/redis-auth.jar}, built by {@code package} before the ITs) in a
 * child JVM with {@code -Xmx256m}, as a user does, capturing stdout, stderr and the wall time. The
 * child gets only the environment given (plus PATH), so no variable of the build leaks in.
 */
record ForkedCli(int exitCode, String out, String err, Duration took) {

    static final Path JAR = Path.of("target", "redis-auth.jar");
    static final Duration LIMIT = Duration.ofSeconds(60);

    static ForkedCli run(Map<String, String> environment, String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the ITs with `verify` (package builds it)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().put("LC_ALL", "C.UTF-8"); // environment values decoded as UTF-8 (a non-ASCII token)
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the CLI did not end within " + LIMIT + ": " + command);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new ForkedCli(process.exitValue(), out.join(), err.join(), took);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<unreadable: " + e.getMessage() + ">";
            }
        }, OwnThreads.named("forked-cli-drain"));
    }

    /** @return stdout and stderr together */
    String all() {
        return out + "\n" + err;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + " after " + took.toMillis() + " ms\n[stdout]\n" + out + "[stderr]\n" + err;
    }
}
