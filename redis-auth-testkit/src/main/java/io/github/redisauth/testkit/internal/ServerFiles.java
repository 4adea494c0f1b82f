package io.github.redisauth.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Writes redis.conf (no secrets) and auth.conf (secrets, mode 600, deleted once the server runs). */
public final class ServerFiles {

    /** Name of the non-secret config file. */
    public static final String CONFIG = "redis.conf";
    /** Name of the secret config file, included by {@link #CONFIG}. */
    public static final String AUTH_CONFIG = "auth.conf";
    /** Name of the server log file. */
    public static final String LOG = "redis.log";
    /** Name of the file receiving the server's stdout/stderr. */
    public static final String OUTPUT = "stdout.log";

    private ServerFiles() {
    }

    /** TLS settings for a natively TLS-capable server. */
    public record NativeTls(int port, Path certificate, Path privateKey, Path caCertificate) {
    }

    /**
     * Writes {@code dir/redis.conf}.
     *
     * @param tls native TLS settings, or {@code null}
     * @param protectedMode whether the version knows the {@code protected-mode} directive (3.2+)
     */
    public static Path writeConfig(Path dir, int port, NativeTls tls, boolean protectedMode) {
        return writeConfig(dir, port, tls, protectedMode, List.of());
    }

    /**
     * Writes {@code dir/redis.conf} with further directives (no secrets), e.g. cluster mode.
     *
     * @param tls native TLS settings, or {@code null}
     * @param protectedMode whether the version knows the {@code protected-mode} directive (3.2+)
     * @param extraLines directives appended before the include of {@link #AUTH_CONFIG}
     */
    public static Path writeConfig(Path dir, int port, NativeTls tls, boolean protectedMode, List<String> extraLines) {
        List<String> lines = new ArrayList<>();
        lines.add("# written by redis-auth-testkit; passwords live in " + AUTH_CONFIG + " only during startup");
        lines.add("port " + port);
        lines.add("bind 127.0.0.1");
        lines.add("daemonize no");
        lines.add("dir " + quote(dir.toString()));
        lines.add("logfile " + quote(dir.resolve(LOG).toString()));
        lines.add("loglevel notice");
        lines.add("save \"\"");
        lines.add("appendonly no");
        if (protectedMode) {
            lines.add("protected-mode no");
        }
        if (tls != null) {
            lines.add("tls-port " + tls.port());
            lines.add("tls-cert-file " + quote(tls.certificate().toString()));
            lines.add("tls-key-file " + quote(tls.privateKey().toString()));
            lines.add("tls-ca-cert-file " + quote(tls.caCertificate().toString()));
            lines.add("tls-auth-clients no");
        }
        lines.addAll(extraLines);
        lines.add("include " + quote(dir.resolve(AUTH_CONFIG).toString()));
        Path file = dir.resolve(CONFIG);
        CertificateGenerator.writeAtomically(file, String.join("\n", lines) + "\n", false);
        return file;
    }

    /**
     * Writes {@code dir/auth.conf} (mode 600). With ACLs: the admin user and the default user,
     * passwords as SHA-256 hashes ({@code #hex}); without: {@code requirepass} (plaintext: Redis
     * 2.8 has no other way; the file is deleted as soon as the server answers).
     */
    public static void writeAuthConfig(Path dir, boolean acl, String adminUser, String adminPassword,
                                       List<String> passwords) {
        List<String> lines = new ArrayList<>();
        if (acl) {
            lines.add("user " + adminUser + " on #" + sha256(adminPassword) + " ~* &* +@all");
            StringBuilder def = new StringBuilder("user default on");
            if (passwords.isEmpty()) {
                def.append(" nopass");
            } else {
                for (String p : passwords) {
                    def.append(" #").append(sha256(p));
                }
            }
            lines.add(def + " ~* &* +@all");
        } else if (!passwords.isEmpty()) {
            lines.add("requirepass " + quote(passwords.get(0)));
        }
        CertificateGenerator.writeAtomically(dir.resolve(AUTH_CONFIG), String.join("\n", lines) + "\n", true);
    }

    /** Deletes {@code dir/auth.conf} if present. */
    public static void deleteAuthConfig(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(AUTH_CONFIG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir.resolve(AUTH_CONFIG), e);
        }
    }

    /** The last {@code maxLines} lines of the log and output files, for error messages. */
    public static String tail(Path dir, int maxLines) {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of(LOG, OUTPUT)) {
            Path f = dir.resolve(name);
            try {
                if (Files.isRegularFile(f)) {
                    List<String> all = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
                    List<String> last = all.subList(Math.max(0, all.size() - maxLines), all.size());
                    if (!last.isEmpty()) {
                        sb.append("\n--- ").append(f).append(" (tail) ---\n").append(String.join("\n", last));
                    }
                }
            } catch (IOException e) {
                sb.append("\n(cannot read ").append(f).append(": ").append(e.getMessage()).append(')');
            }
        }
        return sb.length() == 0 ? "\n(no server output)" : sb.toString();
    }

    /** {@return the string as a double-quoted redis.conf argument} */
    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
