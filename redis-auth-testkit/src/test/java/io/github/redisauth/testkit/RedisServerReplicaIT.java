package io.github.redisauth.testkit;

import static io.github.redisauth.testkit.Available.TOKEN;
import static io.github.redisauth.testkit.Available.TOKEN_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** replicaOf: a TLS primary + replica pair whose replication survives password changes. */
class RedisServerReplicaIT {

    @ParameterizedTest
    @EnumSource(value = RedisVersion.class, names = {"V6_2", "V7"})
    void replicatesAcrossPasswordChanges(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisServer primary = RedisServer.builder(version).tls(true).password(TOKEN).name("primary").start();
                RedisServer replica = RedisServer.builder(version).tls(true).password(TOKEN).name("replica").start()) {
            replica.replicaOf(primary);
            primary.setPasswords(TOKEN_2);
            replica.setPasswords(TOKEN_2);
            replica.killClients();
            try (RespClient p = RedisServerAuthIT.tlsClient(primary); RespClient r = RedisServerAuthIT.tlsClient(replica)) {
                p.command("AUTH", TOKEN_2);
                r.command("AUTH", TOKEN_2);
                assertThat(p.command("SET", "k", "v")).isEqualTo("OK");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!"v".equals(r.command("GET", "k")) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(r.command("GET", "k")).isEqualTo("v");
                assertThat(String.valueOf(r.command("INFO", "replication"))).contains("master_link_status:up");
            }
        }
    }

    @Test
    void redis28CannotReplicateHere() {
        Available.assume(RedisVersion.V2_8);
        try (RedisServer a = RedisServer.builder(RedisVersion.V2_8).start();
                RedisServer b = RedisServer.builder(RedisVersion.V2_8).start()) {
            assertThatThrownBy(() -> b.replicaOf(a)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> b.replicaOf(b)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
