package io.github.redisauth.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the testkit keeps binaries, server directories and certificates. */
public final class Workspace {

    private Workspace() {
    }

    /**
     * {@code ./target/redis-auth-testkit} when the working directory has a {@code target}
     * directory (a Maven module under test), else {@code java.io.tmpdir/redis-auth-testkit}.
     */
    public static Path root() {
        Path target = Paths.get("target");
        Path base = Files.isDirectory(target)
                ? target.toAbsolutePath()
                : Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        return base.resolve("redis-auth-testkit").normalize();
    }

    /** {@code root()/name}, created if missing. */
    public static Path directory(String name) {
        Path dir = root().resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }
}
