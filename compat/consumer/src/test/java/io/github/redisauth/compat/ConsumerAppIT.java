package io.github.redisauth.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Builds {@code compat/consumer/app}, an application with Spring Boot 3.5's dependency management, as a
 * separate Maven build against the redis-auth artifacts installed by this build, and runs its end-to-end
 * test: the verifier and both clients on Lettuce 6.6.0, Jedis 6.0.0 and Netty 4.1 through a rotation.
 */
class ConsumerAppIT {

    private static final long TIMEOUT_MINUTES = 8;

    @Test
    void anApplicationOnSpringBoot35sClientLinesRunsTheVerifierAndBothClientsThroughARotation() throws Exception {
        Path root = Path.of(System.getProperty("consumer.root"));
        Path log = Path.of(System.getProperty("consumer.log"));
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B",
                "-f", Path.of(System.getProperty("consumer.app"), "pom.xml").toString(),
                "clean", "test",
                "-Dmaven.repo.local=" + System.getProperty("consumer.repoLocal"),
                "-Dredis-auth.version=" + System.getProperty("consumer.redisAuthVersion"),
                "-Dspring-boot.version=" + System.getProperty("consumer.springBootVersion"),
                "-Dexpected.lettuce=" + System.getProperty("consumer.expected.lettuce"),
                "-Dexpected.jedis=" + System.getProperty("consumer.expected.jedis"),
                "-Dexpected.netty.line=" + System.getProperty("consumer.expected.netty.line")));
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        output.lines().filter(line -> line.startsWith("consumer:")).forEach(System.out::println);
        assertThat(finished).as("the consumer build finished within %d minutes; its log: %s", TIMEOUT_MINUTES, log).isTrue();
        assertThat(process.exitValue()).as("exit code of the consumer build; its log: %s\n%s", log, tail(output)).isZero();
        assertThat(output)
                .contains("consumer: loaded lettuce-core " + System.getProperty("consumer.expected.lettuce")
                        + ", jedis " + System.getProperty("consumer.expected.jedis")
                        + ", netty " + System.getProperty("consumer.expected.netty.line"))
                .contains("consumer: verifier PASS")
                .contains("consumer: PASS");
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        StringBuilder tail = new StringBuilder();
        for (int i = Math.max(0, lines.length - 60); i < lines.length; i++) {
            tail.append(lines[i]).append('\n');
        }
        return tail.toString();
    }
}
