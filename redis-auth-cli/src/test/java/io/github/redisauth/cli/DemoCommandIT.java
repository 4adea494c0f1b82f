package io.github.redisauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.AuthToken;
import io.github.redisauth.cli.internal.DemoTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code redis-auth demo} in-process (picocli), as a user runs it: it must tell the whole story, exit 0,
 * report zero failed commands for both clients and never print a token value (stdout, stderr and the
 * {@code System} streams where logging goes are all captured).
 */
class DemoCommandIT {

    @Test
    void tellsTheStoryWithoutAFailedCommandAndNeverPrintsAToken() {
        List<AuthToken> created = new CopyOnWriteArrayList<>();
        CliRun run = runDemo(created, "demo", "--pause", "1s", "--debug"); // --debug: the most logging there is
        String out = run.out();

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(out).contains("== Step 1: TLS on, no AUTH token", "== Step 2: ROTATE T1", "== Step 3: SET T1",
                "== Step 4a: rotation to T2", "== Step 4b: a node restart", "== Step 4c: SET T2", "== Summary",
                "== Against a real cluster", "--auth-token-update-strategy ROTATE", "--auth-token-update-strategy SET",
                "./redis-auth verify -h master.xxx.cache.amazonaws.com --tls --token-env REDIS_AUTH_TOKEN")
                .contains("(Redis; kept with --debug)").doesNotContain("\u001b[").doesNotContain("NOT as expected");

        // the verifier's verdicts, step by step
        assertThat(section(out, "Step 1")).contains("FAIL auth-required", "ElastiCache.6: FAIL (redis_version 2.8.19)",
                "result: FAIL", "as expected: result FAIL, auth-required FAIL, ElastiCache.6 FAIL");
        assertThat(section(out, "Step 2")).contains("FAIL auth-required", "PASS auth-token", "ElastiCache.6: FAIL",
                "result: FAIL");
        assertThat(section(out, "Step 3")).contains("PASS auth-required", "PASS auth-token", "ElastiCache.6: PASS",
                "result: PASS").doesNotContain("FAIL ");
        assertThat(section(out, "Step 4a")).contains("AWSCURRENT#" + created.get(0).fingerprint() + " accepted",
                "AWSPENDING#" + created.get(1).fingerprint() + " accepted", "result: PASS");
        assertThat(section(out, "Step 4c")).contains("AWSCURRENT#" + created.get(1).fingerprint() + " accepted",
                "AWSPREVIOUS#" + created.get(0).fingerprint(), "result: PASS").doesNotContain("FAIL ");

        // both clients, no failed command, and they moved from no AUTH to T1 to T2
        String summary = section(out, "Summary");
        assertThat(summary).containsPattern("lettuce +ops=[1-9]\\d* failed commands=0 ")
                .containsPattern("jedis +ops=[1-9]\\d* failed commands=0 ")
                .contains("tokens used: no AUTH -> T1 -> T2", "verdicts: 5 of 5 as expected", "result: PASS");

        assertThat(run.err()).contains(" DEBUG ");
        assertThat(created).hasSize(2).allSatisfy(token -> {
            assertThat(token.isElastiCacheCompliant()).isTrue();
            assertThat(run.all()).doesNotContain(token.valueAsString());
        });
    }

    /** The text from the heading that starts with {@code name} to the next heading. */
    private static String section(String out, String name) {
        Matcher matcher = Pattern.compile("(?s)== " + Pattern.quote(name) + "[: ].*?(?=\n== |\\z)").matcher(out);
        assertThat(matcher.find()).as("section " + name + " in:\n" + out).isTrue();
        return matcher.group();
    }

    /** Runs the CLI with the demo's tokens recorded, capturing its writers and the System streams. */
    private static CliRun runDemo(List<AuthToken> created, String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream systemBytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(systemBytes, true, StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        System.setOut(capture);
        System.setErr(capture);
        int exit;
        try {
            CommandLine commandLine = RedisAuthCommand.newCommandLine(Map.<String, String>of()::get);
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            DemoCommand demo = commandLine.getSubcommands().get("demo").getCommand();
            demo.tokens = label -> {
                AuthToken token = DemoTokens.random(label);
                created.add(token);
                return token;
            };
            exit = commandLine.execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        String system = systemBytes.toString(StandardCharsets.UTF_8);
        originalOut.print(out);
        originalOut.print(system);
        return new CliRun(exit, out.toString(), err + "\n[system streams]\n" + system);
    }
}
