package io.github.redisauth.cli.internal;

import io.github.redisauth.VerifierSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The target options shared by {@code verify} and {@code watch} (a picocli {@code @Mixin}):
 * {@code -h/--host}, {@code -p/--port}, {@code --tls}, {@code --cacert} and {@code -u/--uri}.
 * The descriptions are {@code verify}'s; a command can reword one through its resource bundle
 * (keys {@code host}, {@code port}, {@code tls}, {@code cacert}, {@code uri}).
 */
public final class TargetOptions {

    @Option(names = {"-h", "--host"}, paramLabel = "HOST", descriptionKey = "host",
            description = "Server host (default: localhost). Help is --help.")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", descriptionKey = "port", description = "Server port (default: 6379).")
    Integer port;

    @Option(names = "--tls", descriptionKey = "tls", description = "Connect with TLS (ElastiCache in-transit encryption).")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "FILE", descriptionKey = "cacert",
            description = "PEM file of CA certificates to trust instead of the JDK trust store.")
    Path caCertificate;

    @Option(names = {"-u", "--uri"}, paramLabel = "URI", descriptionKey = "uri",
            description = "redis[s]://[:TOKEN@]HOST[:PORT]; rediss implies --tls; a token in it is a candidate labelled 'uri'.")
    String uri;

    /** Creates the options; picocli fills them. */
    public TargetOptions() {
    }

    /**
     * The endpoint to connect to.
     *
     * @param host the host
     * @param port the port
     * @param tls whether to connect with TLS ({@code --tls} or a {@code rediss://} URI)
     */
    public record Endpoint(String host, int port, boolean tls) {
    }

    /**
     * Resolves the endpoint from {@code --uri} or {@code --host}/{@code --port} and checks the
     * combinations: {@code --uri} excludes {@code --host}/{@code --port}; {@code --cacert} and
     * {@code tlsOnlyOption} need TLS; {@code --cacert} must be a readable file.
     *
     * @param tlsOnlyOption another option given that needs TLS (e.g. {@code --insecure}), or null
     * @return the endpoint
     * @throws ConfigurationException for a bad URI or combination
     */
    public Endpoint resolve(String tlsOnlyOption) {
        Endpoint endpoint = new Endpoint(host != null ? host : VerifierSettings.DEFAULT_HOST,
                port != null ? port : VerifierSettings.DEFAULT_PORT, tls);
        if (uri != null) {
            if (host != null || port != null) {
                throw new ConfigurationException("--uri cannot be combined with --host or --port: the URI names the endpoint");
            }
            RedisUri parsed = RedisUri.parse(uri);
            endpoint = new Endpoint(parsed.host(), parsed.port(), tls || parsed.tls());
        }
        if (!endpoint.tls() && (caCertificate != null || tlsOnlyOption != null)) {
            throw new ConfigurationException((caCertificate != null ? "--cacert" : tlsOnlyOption) + " needs --tls (or a rediss:// URI)");
        }
        if (caCertificate != null && (!Files.isRegularFile(caCertificate) || !Files.isReadable(caCertificate))) {
            throw new ConfigurationException("--cacert " + caCertificate + " is not a readable file");
        }
        return endpoint;
    }

    /**
     * @return the token of {@code --uri}, if it holds one
     * @throws ConfigurationException for a bad URI
     */
    public Optional<String> uriToken() {
        return uri == null ? Optional.empty() : RedisUri.parse(uri).tokenValue();
    }

    /** @return the {@code --cacert} file, or null */
    public Path caCertificate() {
        return caCertificate;
    }
}
