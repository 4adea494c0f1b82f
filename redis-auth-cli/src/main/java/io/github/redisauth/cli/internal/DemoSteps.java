package io.github.redisauth.cli.internal;

import io.github.redisauth.AuthToken;
import io.github.redisauth.CheckId;
import io.github.redisauth.CheckResult;
import io.github.redisauth.CheckStatus;
import io.github.redisauth.ControlVerdict;
import io.github.redisauth.TokenExpectation;
import io.github.redisauth.VerificationReport;
import io.github.redisauth.Verifier;
import io.github.redisauth.VerifierSettings;
import io.github.redisauth.testkit.AuthGateway;
import io.github.redisauth.testkit.ExistingConnections;
import java.time.Duration;

/**
 * The story {@code redis-auth demo} tells, step by step, against an {@link AuthGateway} standing in for
 * an ElastiCache replication group on an engine older than 6.0: no AUTH, ROTATE, SET, then a rotation
 * to a second token (ROTATE, a restart, SET). At each step: the operator's AWS command, the change,
 * a verifier report judged against the verdict the step expects, and both clients' counters.
 */
public final class DemoSteps {

    /** The secret's name in the commands shown. */
    public static final String SECRET = "prod/redis/auth";
    private static final String MODIFY = "aws elasticache modify-replication-group --replication-group-id my-redis --apply-immediately ";
    private static final Duration REFUSE_AFTER_RESTART = Duration.ofSeconds(1);

    private final AuthGateway gateway;
    private final DemoSecretStore secret;
    private final AuthToken first;
    private final AuthToken second;
    private final DemoClients clients;
    private final DemoConsole console;
    private final VerifierSettings verifier;
    private final Duration pause;
    private int verdicts;
    private int unexpected;

    /**
     * @param gateway the endpoint, in state {@code NO_TOKEN}
     * @param secret the secret both clients read, holding {@code first} as its only version
     * @param first the token of the remediation (T1)
     * @param second the token of the rotation (T2)
     * @param clients the running clients
     * @param console where to write
     * @param verifier settings reaching the gateway (host, port, TLS, CA); tokens and expectation are set per step
     * @param pause how long the clients run between a change and its report
     */
    public DemoSteps(AuthGateway gateway, DemoSecretStore secret, AuthToken first, AuthToken second, DemoClients clients,
            DemoConsole console, VerifierSettings verifier, Duration pause) {
        this.gateway = gateway;
        this.secret = secret;
        this.first = first;
        this.second = second;
        this.clients = clients;
        this.console = console;
        this.verifier = verifier;
        this.pause = pause;
    }

    /**
     * Runs every step.
     *
     * @return how many verdicts differed from what their step expects (0: the story went as told)
     * @throws InterruptedException when interrupted while the clients run
     */
    public int run() throws InterruptedException {
        noAuth();
        rotateFirst();
        setFirst();
        rotateSecond();
        restart();
        setSecond();
        return unexpected;
    }

    /** @return how many verdicts were judged */
    public int verdicts() {
        return verdicts;
    }

    private void noAuth() throws InterruptedException {
        console.heading("Step 1: TLS on, no AUTH token (ElastiCache.6 fails)");
        console.line("The secret " + SECRET + " holds T1 (AWSCURRENT); both applications run with it although the cluster has "
                + "no token yet: our clients connect without AUTH (\"no password is set\") and keep working.");
        console.onAws("aws secretsmanager create-secret --name " + SECRET + " --secret-string \"$T1\"");
        settle(pause);
        check(TokenExpectation.ENFORCED, CheckStatus.FAIL, CheckStatus.FAIL, ControlVerdict.FAIL);
    }

    private void rotateFirst() throws InterruptedException {
        console.heading("Step 2: ROTATE T1 (token accepted, yet AUTH is not enforced)");
        console.onAws(MODIFY + "--auth-token \"$T1\" --auth-token-update-strategy ROTATE");
        gateway.rotate(first.valueAsString());
        console.line("T1 is accepted, but clients that send no AUTH are still served: this is not done yet.");
        settle(pause);
        check(TokenExpectation.ENFORCED, CheckStatus.FAIL, CheckStatus.FAIL, ControlVerdict.FAIL);
    }

    private void setFirst() throws InterruptedException {
        console.heading("Step 3: SET T1 (only T1; every client connection dropped)");
        console.onAws(MODIFY + "--auth-token \"$T1\" --auth-token-update-strategy SET");
        gateway.set(first.valueAsString(), ExistingConnections.DROP);
        console.line("Every client connection is closed (the worst case): both clients reconnect and authenticate with T1.");
        settle(pause);
        check(TokenExpectation.ENFORCED, CheckStatus.PASS, CheckStatus.PASS, ControlVerdict.PASS);
    }

    private void rotateSecond() throws InterruptedException {
        console.heading("Step 4a: rotation to T2: T2 pending in the secret, then ROTATE T2 (T1 and T2 accepted)");
        console.onAws("aws secretsmanager put-secret-value --secret-id " + SECRET + " --secret-string \"$T2\" --version-stages AWSPENDING");
        secret.putPending(second);
        console.onAws(MODIFY + "--auth-token \"$T2\" --auth-token-update-strategy ROTATE");
        gateway.rotate(second.valueAsString());
        settle(pause);
        console.line("Checked as verify --expect rotate (every token accepted):");
        check(TokenExpectation.ROTATE, CheckStatus.PASS, CheckStatus.PASS, ControlVerdict.PASS);
        console.onAws("aws secretsmanager update-secret-version-stage --secret-id " + SECRET
                + " --version-stage AWSCURRENT --move-to-version-id \"$T2_VERSION\" --remove-from-version-id \"$T1_VERSION\"");
        secret.promotePending();
        console.line("The secret now says AWSCURRENT = T2, AWSPREVIOUS = T1. Nothing is restarted: Lettuce re-authenticates with T2 "
                + "when it sees the new AWSCURRENT; Jedis keeps its last winner, T1, until the server rejects it.");
    }

    private void restart() throws InterruptedException {
        console.heading("Step 4b: a node restart (every connection dropped, new ones refused for "
                + REFUSE_AFTER_RESTART.toMillis() + " ms)");
        console.onAws("aws elasticache reboot-cache-cluster --cache-cluster-id my-redis-001 --cache-node-ids-to-reboot 0001"
                + "   # or a failover");
        gateway.restart(REFUSE_AFTER_RESTART);
        settle(pause.plus(REFUSE_AFTER_RESTART));
        console.clients(clients.sample());
    }

    private void setSecond() throws InterruptedException {
        console.heading("Step 4c: SET T2 (T1 rejected from now on; every client connection dropped)");
        console.onAws(MODIFY + "--auth-token \"$T2\" --auth-token-update-strategy SET");
        gateway.set(second.valueAsString(), ExistingConnections.DROP);
        settle(pause);
        console.line("Checked as verify --expect set (the first token accepted, every other rejected):");
        check(TokenExpectation.SET, CheckStatus.PASS, CheckStatus.PASS, ControlVerdict.PASS);
    }

    private static void settle(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    private void check(TokenExpectation expectation, CheckStatus result, CheckStatus authRequired, ControlVerdict control) {
        VerificationReport report = Verifier.verify(verifier.toBuilder().tokens(secret.fetch()).expectation(expectation).build());
        console.report(report);
        CheckStatus foundAuthRequired = report.results(CheckId.AUTH_REQUIRED).stream().map(CheckResult::status).findFirst()
                .orElse(CheckStatus.SKIP);
        ControlVerdict foundControl = report.controls().get(VerificationReport.ELASTICACHE_6);
        String expected = "result " + result + ", auth-required " + authRequired + ", ElastiCache.6 " + control;
        boolean asExpected = report.result() == result && foundAuthRequired == authRequired && foundControl == control;
        verdicts++;
        if (!asExpected) {
            unexpected++;
        }
        console.verdict(asExpected, asExpected ? expected : "expected " + expected + "; got result " + report.result()
                + ", auth-required " + foundAuthRequired + ", ElastiCache.6 " + foundControl);
        console.clients(clients.sample());
    }
}
