package io.github.redisauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** No redis-server outlives stop(), nor the JVM, even when the JVM is killed with kill -9. */
class ProcessCleanupIT {

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void stopLeavesNoProcessAndNoListeningPort(RedisVersion version) throws Exception {
        Available.assume(version);
        for (boolean tls : new boolean[] {false, true}) {
            RedisServer server = RedisServer.builder(version).tls(tls).password(Available.TOKEN).start();
            int port = server.port();
            long pid = server.pid();
            String dir = server.directory().toString();
            assertThat(listening(port)).isTrue();
            assertThat(ProcScan.alive(pid)).isTrue();
            if (!tls) {
                // redis-server's command line (or process title) names its port
                assertThat(ProcScan.redisProcessesMentioning(port)).isNotEmpty();
            }
            server.stop();
            server.stop(); // idempotent
            assertThat(server.isRunning()).isFalse();
            assertThat(ProcScan.alive(pid)).as("redis-server pid %s", pid).isFalse();
            assertThat(listening(port)).isFalse();
            assertThat(ProcScan.redisProcessesMentioning(port)).isEmpty();
            assertThat(ProcScan.processesMentioning(dir)).as("watchdog shell of %s", dir).isEmpty();
        }
    }

    @Test
    void serversDieWithTheJvmEvenOnKillMinus9() throws Exception {
        List<String> versions = new ArrayList<>();
        for (RedisVersion v : RedisVersion.values()) {
            if (v.isAvailable()) {
                versions.add(v.name());
            } else {
                System.err.println("[redis-auth-testkit] watchdog test without " + v + ": "
                        + v.unavailableReason().orElse(""));
            }
        }
        assertThat(versions).as("at least one Redis version available").isNotEmpty();
        try (WatchdogChild child = WatchdogChild.start(versions)) {
            List<Integer> ports = child.ports;
            List<Long> pids = child.pids;
            for (int i = 0; i < ports.size(); i++) {
                assertThat(listening(ports.get(i))).isTrue();
                assertThat(ProcScan.alive(pids.get(i))).isTrue();
            }

            assertThat(child.killMinus9()).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline && anythingLeft(ports, pids)) {
                Thread.sleep(50);
            }
            for (int i = 0; i < ports.size(); i++) {
                assertThat(listening(ports.get(i))).as("port %s", ports.get(i)).isFalse();
                assertThat(ProcScan.alive(pids.get(i))).as("pid %s", pids.get(i)).isFalse();
                assertThat(ProcScan.redisProcessesMentioning(ports.get(i))).isEmpty();
            }
        }
    }

    private static boolean anythingLeft(List<Integer> ports, List<Long> pids) throws Exception {
        for (int i = 0; i < ports.size(); i++) {
            if (listening(ports.get(i)) || ProcScan.alive(pids.get(i))
                    || !ProcScan.redisProcessesMentioning(ports.get(i)).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    static boolean listening(int port) {
        return io.github.redisauth.testkit.internal.Ports.isListening(port);
    }
}
