package io.github.redisauth.bench;

import io.github.redisauth.AuthToken;
import io.github.redisauth.CheckResult;
import io.github.redisauth.TokenSet;
import io.github.redisauth.VerificationReport;
import io.github.redisauth.Verifier;
import io.github.redisauth.VerifierSettings;
import io.github.redisauth.testkit.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The verifier's wall time in this (warm) JVM, {@code Verifier.verify(..)} with every check it
 * makes, against {@code redis-cli --tls --cacert CA -h localhost -p PORT -a TOKEN --no-auth-warning PING}
 * started as a subprocess (process start, TLS, AUTH, PING, exit), same endpoint, interleaved.
 */
final class VerifierVsRedisCli {

    static final String REDIS_CLI = "redis-cli";

    private VerifierVsRedisCli() {
    }

    static Comparison measure(Endpoint endpoint, String token, BenchSettings settings) {
        Path ca = TestCertificates.shared().caCertificate();
        VerifierSettings verifierSettings = VerifierSettings.builder()
                .host(endpoint.host())
                .port(endpoint.port())
                .tls(true)
                .caCertificate(ca)
                .tokens(TokenSet.of(AuthToken.of("bench", token)))
                .build();
        List<String> redisCli = List.of(REDIS_CLI, "--tls", "--cacert", ca.toString(), "-h", endpoint.host(),
                "-p", Integer.toString(endpoint.port()), "-a", token, "--no-auth-warning", "PING");
        Map<String, Samples> perCheck = new TreeMap<>();
        Comparison result = InterleavedTimer.run(settings.verifierWarmup(), settings.verifierSamples(),
                () -> timeVerifier(verifierSettings, perCheck), () -> timeRedisCli(redisCli));
        Console.say("verifier (ours) vs redis-cli (stock): %s", result);
        StringBuilder checks = new StringBuilder();
        perCheck.forEach((check, samples) -> checks.append(String.format(" %s=%.1f", check, samples.medianMs())));
        Console.say("verifier: median ms per check, as the report gives them (warm-up runs included):%s", checks);
        return result;
    }

    private static long timeVerifier(VerifierSettings settings, Map<String, Samples> perCheck) {
        long start = System.nanoTime();
        VerificationReport report = Verifier.verify(settings);
        long elapsed = System.nanoTime() - start;
        if (!report.passed()) {
            throw new IllegalStateException("the verifier did not pass: " + report);
        }
        long checksNanos = 0;
        for (CheckResult check : report.checks()) {
            perCheck.computeIfAbsent(check.id(), id -> new Samples()).add(check.millis() * 1_000_000);
            checksNanos += check.millis() * 1_000_000;
        }
        perCheck.computeIfAbsent("~outside-checks", id -> new Samples()).add(Math.max(0, elapsed - checksNanos));
        return elapsed;
    }

    private static long timeRedisCli(List<String> command) {
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-cli did not finish within 30 s");
            }
            long elapsed = System.nanoTime() - start;
            String answer = new String(output, StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0 || !answer.equals("PONG")) {
                throw new IllegalStateException("redis-cli answered " + answer + " (exit " + process.exitValue() + ")");
            }
            return elapsed;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + REDIS_CLI + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
