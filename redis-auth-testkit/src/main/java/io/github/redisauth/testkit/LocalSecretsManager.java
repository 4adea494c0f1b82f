package io.github.redisauth.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local AWS Secrets Manager endpoint for tests: a small HTTP server on {@code 127.0.0.1} (a free
 * port) speaking the JSON 1.1 protocol of {@code GetSecretValue} and {@code DescribeSecret}, so the
 * real AWS SDK client can be pointed at it with {@code endpointOverride(local.endpoint())}.
 *
 * <p>SigV4 signatures are not checked: use any static credentials. Secrets are kept as versions,
 * each with a set of staging labels; putting a stage on a version moves it off the others, and
 * moving {@code AWSCURRENT} gives the old current version {@code AWSPREVIOUS}, as Secrets Manager does.
 *
 * <p>Faults can be injected ({@link #failNext}, {@link #throttleNext}, {@link #delay},
 * {@link #denyAccess}) and calls are counted ({@link #callCount}, {@link #stageCallCount}).
 * Secret values are never logged nor put in an error message.
 *
 * <p>All methods are thread-safe.
 */
public final class LocalSecretsManager implements AutoCloseable {

    /** The staging label of the current version. */
    public static final String AWSCURRENT = "AWSCURRENT";
    /** The staging label of a version being rotated in. */
    public static final String AWSPENDING = "AWSPENDING";
    /** The staging label of the version that was current before the last rotation. */
    public static final String AWSPREVIOUS = "AWSPREVIOUS";

    private static final String TARGET_PREFIX = "secretsmanager.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";

    private final Map<String, Secret> secrets = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> callCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> stageCounts = new ConcurrentHashMap<>();
    private final AtomicLong versionSequence = new AtomicLong();
    private final List<Fault> faults = new ArrayList<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean accessDenied;
    private HttpServer server;
    private ExecutorService executor;

    /** Creates a server that is not started yet; see {@link #start()}. */
    public LocalSecretsManager() {
    }

    /**
     * Binds {@code 127.0.0.1} on a free port and starts serving.
     *
     * @return this
     * @throws IOException if the port cannot be bound
     * @throws IllegalStateException if already started
     */
    public synchronized LocalSecretsManager start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("LocalSecretsManager is already started at " + endpoint());
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "local-secrets-manager");
            thread.setDaemon(true);
            return thread;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        return this;
    }

    /**
     * @return the endpoint to pass to {@code endpointOverride}, e.g. {@code http://127.0.0.1:40123}
     * @throws IllegalStateException if not started
     */
    public synchronized URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("LocalSecretsManager is not started: call start() first");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Puts a new string version of secret {@code id} (created if absent) carrying {@code stages}.
     *
     * @param id the secret name
     * @param value the SecretString
     * @param stages staging labels for the new version, e.g. {@link #AWSCURRENT}
     * @return the new version id
     */
    public String putSecretString(String id, String value, String... stages) {
        return putVersion(id, Objects.requireNonNull(value, "value"), null, stages);
    }

    /**
     * Puts a new binary version of secret {@code id} (created if absent) carrying {@code stages}.
     *
     * @param id the secret name
     * @param value the SecretBinary (sent base64-encoded on the wire)
     * @param stages staging labels for the new version
     * @return the new version id
     */
    public String putSecretBinary(String id, byte[] value, String... stages) {
        return putVersion(id, null, Objects.requireNonNull(value, "value").clone(), stages);
    }

    /**
     * Starts a rotation: puts {@code newValue} as a new {@link #AWSPENDING} version.
     *
     * @param id the secret name
     * @param newValue the pending SecretString
     * @return the new version id
     */
    public String putPending(String id, String newValue) {
        return putSecretString(id, newValue, AWSPENDING);
    }

    /**
     * Finishes a rotation: the {@link #AWSPENDING} version becomes {@link #AWSCURRENT} (and loses
     * {@code AWSPENDING}); the old current version becomes {@link #AWSPREVIOUS}.
     *
     * @param id the secret name
     * @throws IllegalStateException if the secret has no pending version
     */
    public synchronized void promotePending(String id) {
        Secret secret = existing(id);
        Version pending = secret.withStage(AWSPENDING);
        if (pending == null) {
            throw new IllegalStateException("secret " + id + " has no " + AWSPENDING + " version to promote");
        }
        pending.stages.remove(AWSPENDING);
        secret.moveStage(AWSCURRENT, pending);
    }

    /**
     * A whole rotation at once: {@link #putPending} then {@link #promotePending}.
     *
     * @param id the secret name
     * @param newValue the new current SecretString
     * @return the new version id
     */
    public synchronized String rotate(String id, String newValue) {
        String versionId = putPending(id, newValue);
        promotePending(id);
        return versionId;
    }

    /**
     * Removes a staging label from whichever version carries it.
     *
     * @param id the secret name
     * @param stage the label
     */
    public synchronized void removeStage(String id, String stage) {
        Version version = existing(id).withStage(stage);
        if (version != null) {
            version.stages.remove(stage);
        }
    }

    /**
     * Deletes a secret and all its versions.
     *
     * @param id the secret name
     */
    public synchronized void deleteSecret(String id) {
        secrets.remove(id);
    }

    /**
     * The next {@code count} requests (any operation) fail with {@code errorType}.
     *
     * @param count how many requests fail
     * @param errorType e.g. {@code DecryptionFailure}, {@code InternalServiceError}
     * @param httpStatus e.g. 400, or 500 for {@code InternalServiceError}
     */
    public synchronized void failNext(int count, String errorType, int httpStatus) {
        for (int i = 0; i < count; i++) {
            faults.add(new Fault(errorType, httpStatus));
        }
    }

    /**
     * The next {@code count} requests fail with {@code ThrottlingException} (HTTP 400).
     *
     * @param count how many requests fail
     */
    public void throttleNext(int count) {
        failNext(count, "ThrottlingException", 400);
    }

    /**
     * Delays every answer by {@code delay} (a slow endpoint); {@link Duration#ZERO} to stop.
     *
     * @param delay the delay
     */
    public void delay(Duration delay) {
        this.delay = Objects.requireNonNull(delay, "delay");
    }

    /**
     * While {@code denied}, every request fails with {@code AccessDeniedException}.
     *
     * @param denied true to deny
     */
    public void denyAccess(boolean denied) {
        this.accessDenied = denied;
    }

    /**
     * How many requests named {@code target} arrived, failed ones included.
     *
     * @param target {@code GetSecretValue} or {@code secretsmanager.GetSecretValue}, {@code DescribeSecret}, ...
     * @return the count
     */
    public int callCount(String target) {
        String operation = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
        AtomicInteger count = callCounts.get(operation);
        return count == null ? 0 : count.get();
    }

    /**
     * How many {@code GetSecretValue} requests asked for {@code stage} (by {@code VersionStage}, or by a
     * {@code VersionId} carrying it), failed ones included.
     *
     * @param stage e.g. {@link #AWSCURRENT}
     * @return the count
     */
    public int stageCallCount(String stage) {
        AtomicInteger count = stageCounts.get(stage);
        return count == null ? 0 : count.get();
    }

    /** Sets every call count to zero. */
    public void resetCounts() {
        callCounts.clear();
        stageCounts.clear();
    }

    /** Stops the server; idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private synchronized String putVersion(String id, String string, byte[] binary, String... stages) {
        Objects.requireNonNull(id, "id");
        Secret secret = secrets.computeIfAbsent(id, name -> new Secret(name, ARN_PREFIX + name + "-" + randomSuffix()));
        String versionId = new UUID(0, versionSequence.incrementAndGet()).toString();
        Version version = new Version(versionId, string, binary, System.currentTimeMillis() / 1000);
        secret.versions.put(versionId, version);
        for (String stage : stages) {
            secret.moveStage(stage, version);
        }
        return versionId;
    }

    private Secret existing(String id) {
        Secret secret = find(id);
        if (secret == null) {
            throw new IllegalArgumentException("no secret " + id);
        }
        return secret;
    }

    private Secret find(String idOrArn) {
        Secret secret = secrets.get(idOrArn);
        if (secret != null) {
            return secret;
        }
        return secrets.values().stream().filter(s -> s.arn.equals(idOrArn)).findFirst().orElse(null);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Map<String, String> request = MiniJson.parseFlatObject(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String operation = target == null ? "" : target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
            callCounts.computeIfAbsent(operation, key -> new AtomicInteger()).incrementAndGet();
            Answer answer = answer(operation, request);
            sleep(delay);
            byte[] body = answer.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            if (answer.errorType != null) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", answer.errorType);
            }
            exchange.sendResponseHeaders(answer.status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException | RuntimeException e) {
            // The client gave up (timeout) or the request was malformed; nothing to answer.
        }
    }

    private synchronized Answer answer(String operation, Map<String, String> request) {
        if (operation.equals("GetSecretValue")) {
            countStage(request);
        }
        if (!faults.isEmpty()) {
            Fault fault = faults.remove(0);
            return Answer.error(fault.status, fault.errorType, "injected " + fault.errorType);
        }
        if (accessDenied) {
            return Answer.error(400, "AccessDeniedException", "User: arn:aws:iam::000000000000:user/test is not authorized to perform: secretsmanager:"
                    + operation + " because no identity-based policy allows the action");
        }
        switch (operation) {
            case "GetSecretValue":
                return getSecretValue(request);
            case "DescribeSecret":
                return describeSecret(request);
            default:
                return Answer.error(400, "UnknownOperationException", "operation not supported by LocalSecretsManager: " + operation);
        }
    }

    private void countStage(Map<String, String> request) {
        String stage = request.get("VersionStage");
        Secret secret = find(String.valueOf(request.get("SecretId")));
        if (stage == null && secret != null) {
            Version version = secret.versions.get(request.get("VersionId"));
            stage = request.get("VersionId") == null ? AWSCURRENT : version == null || version.stages.isEmpty() ? null : version.stages.iterator().next();
        }
        if (stage != null) {
            stageCounts.computeIfAbsent(stage, key -> new AtomicInteger()).incrementAndGet();
        }
    }

    private Answer getSecretValue(Map<String, String> request) {
        Secret secret = find(String.valueOf(request.get("SecretId")));
        if (secret == null) {
            return Answer.error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        String versionId = request.get("VersionId");
        String stage = request.get("VersionStage");
        Version version;
        if (versionId != null) {
            version = secret.versions.get(versionId);
            if (version == null || (stage != null && !version.stages.contains(stage))) {
                return Answer.error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
            }
        } else {
            String wanted = stage == null ? AWSCURRENT : stage;
            version = secret.withStage(wanted);
            if (version == null) {
                return Answer.error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: " + wanted);
            }
        }
        MiniJson.Writer json = new MiniJson.Writer()
                .field("ARN", secret.arn)
                .field("Name", secret.name)
                .field("VersionId", version.id);
        if (version.string != null) {
            json.field("SecretString", version.string);
        } else {
            json.field("SecretBinary", Base64.getEncoder().encodeToString(version.binary));
        }
        json.rawField("VersionStages", MiniJson.array(version.stages));
        json.rawField("CreatedDate", Long.toString(version.createdEpochSeconds));
        return Answer.ok(json.end());
    }

    private Answer describeSecret(Map<String, String> request) {
        Secret secret = find(String.valueOf(request.get("SecretId")));
        if (secret == null) {
            return Answer.error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        MiniJson.Writer stages = new MiniJson.Writer();
        for (Version version : secret.versions.values()) {
            if (!version.stages.isEmpty()) {
                stages.rawField(version.id, MiniJson.array(version.stages));
            }
        }
        return Answer.ok(new MiniJson.Writer()
                .field("ARN", secret.arn)
                .field("Name", secret.name)
                .rawField("VersionIdsToStages", stages.end())
                .end());
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String randomSuffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    private static final class Secret {
        final String name;
        final String arn;
        final Map<String, Version> versions = new LinkedHashMap<>();

        Secret(String name, String arn) {
            this.name = name;
            this.arn = arn;
        }

        Version withStage(String stage) {
            return versions.values().stream().filter(v -> v.stages.contains(stage)).findFirst().orElse(null);
        }

        void moveStage(String stage, Version target) {
            Version old = withStage(stage);
            if (old == target) {
                return;
            }
            if (old != null) {
                old.stages.remove(stage);
                if (stage.equals(AWSCURRENT)) {
                    moveStage(AWSPREVIOUS, old);
                }
            }
            target.stages.add(stage);
        }
    }

    private static final class Version {
        final String id;
        final String string;
        final byte[] binary;
        final long createdEpochSeconds;
        final Set<String> stages = new LinkedHashSet<>();

        Version(String id, String string, byte[] binary, long createdEpochSeconds) {
            this.id = id;
            this.string = string;
            this.binary = binary;
            this.createdEpochSeconds = createdEpochSeconds;
        }
    }

    private record Fault(String errorType, int status) {
    }

    private record Answer(int status, String errorType, String body) {
        static Answer ok(String body) {
            return new Answer(200, null, body);
        }

        static Answer error(int status, String errorType, String message) {
            return new Answer(status, errorType, new MiniJson.Writer().field("__type", errorType).field("message", message).end());
        }
    }

    /** Just enough JSON for the flat requests the SDK sends and the answers above. */
    private static final class MiniJson {

        private MiniJson() {
        }

        /** Parses {@code {"k":"v",...}}; non-string values are kept as their raw text. */
        static Map<String, String> parseFlatObject(String text) {
            Map<String, String> fields = new LinkedHashMap<>();
            int[] at = {skipSpace(text, 0)};
            expect(text, at, '{');
            while (true) {
                at[0] = skipSpace(text, at[0]);
                if (text.charAt(at[0]) == '}') {
                    return fields;
                }
                String key = readString(text, at);
                at[0] = skipSpace(text, at[0]);
                expect(text, at, ':');
                at[0] = skipSpace(text, at[0]);
                String value;
                if (text.charAt(at[0]) == '"') {
                    value = readString(text, at);
                } else {
                    int start = at[0];
                    while (",}".indexOf(text.charAt(at[0])) < 0) {
                        at[0]++;
                    }
                    value = text.substring(start, at[0]).trim();
                }
                fields.put(key, value);
                at[0] = skipSpace(text, at[0]);
                if (text.charAt(at[0]) == ',') {
                    at[0]++;
                }
            }
        }

        static String array(Iterable<String> values) {
            StringBuilder out = new StringBuilder("[");
            for (String value : values) {
                out.append(out.length() > 1 ? "," : "").append(quote(value));
            }
            return out.append(']').toString();
        }

        static String quote(String value) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }

        private static int skipSpace(String text, int at) {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return at;
        }

        private static void expect(String text, int[] at, char c) {
            if (text.charAt(at[0]) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at[0]);
            }
            at[0]++;
        }

        private static String readString(String text, int[] at) {
            expect(text, at, '"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = text.charAt(at[0]++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = text.charAt(at[0]++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at[0], at[0] + 4), 16));
                        at[0] += 4;
                    }
                    default -> out.append(escaped);
                }
            }
        }

        /** Builds one JSON object. */
        static final class Writer {
            private final StringBuilder out = new StringBuilder("{");

            Writer field(String name, String value) {
                return rawField(name, quote(value));
            }

            Writer rawField(String name, String rawJson) {
                out.append(out.length() > 1 ? "," : "").append(quote(name)).append(':').append(rawJson);
                return this;
            }

            String end() {
                return out + "}";
            }
        }
    }
}
