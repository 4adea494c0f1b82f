package io.github.redisauth.cli;

import io.github.redisauth.TokenSourceException;
import io.github.redisauth.cli.internal.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code redis-auth} command line: {@code redis-auth verify ...}, {@code redis-auth watch ...}, {@code redis-auth demo},
 * {@code redis-auth --help},
 * {@code redis-auth --version}.
 *
 * <p>Exit codes: 0 when every check passed (PASS, WARN or SKIP), 1 when a check failed or a token breaks ElastiCache's rules, 2 for usage
 * and configuration errors (a one-line message on stderr; the stack trace only with {@code --debug}).
 */
@Command(name = "redis-auth",
        description = "TLS + AUTH token tools for AWS ElastiCache (Redis OSS).",
        versionProvider = RedisAuthCommand.Version.class,
        subcommands = {VerifyCommand.class, WatchCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class RedisAuthCommand implements Runnable {

    /** Exit code when every check passed. */
    public static final int EXIT_OK = 0;
    /** Exit code when a check failed. */
    public static final int EXIT_FAILED = 1;
    /** Exit code for usage and configuration errors. */
    public static final int EXIT_USAGE = 2;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Creates the top-level command; picocli fills its options. */
    public RedisAuthCommand() {
    }

    /** Without a subcommand: print the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        int exit;
        try {
            exit = newCommandLine(System::getenv).execute(args);
        } catch (RuntimeException | Error e) {
            // Last resort (the verifier reports its own failures as checks): one line, no stack trace.
            System.err.println("redis-auth: " + oneLine(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                    + (java.util.Arrays.asList(args).contains("--debug") ? "" : " (--debug for the stack trace)"));
            if (java.util.Arrays.asList(args).contains("--debug")) {
                e.printStackTrace();
            }
            exit = EXIT_FAILED;
        }
        System.exit(exit);
    }

    /**
     * Creates the command line with its exit-code and error handling, writing to {@code System.out}
     * and {@code System.err} (or to what {@link CommandLine#setOut}/{@link CommandLine#setErr} set).
     *
     * @param environment looks up environment variables (for {@code --token-env} and {@code NO_COLOR})
     * @return a new command line; not thread-safe, use once
     */
    public static CommandLine newCommandLine(UnaryOperator<String> environment) {
        CommandLine commandLine = new CommandLine(new RedisAuthCommand(), new Factory(environment));
        commandLine.setOut(new PrintWriter(System.out, true));
        commandLine.setErr(new PrintWriter(System.err, true));
        commandLine.setParameterExceptionHandler((exception, args) -> {
            PrintWriter err = exception.getCommandLine().getErr();
            String name = exception.getCommandLine().getCommandSpec().qualifiedName();
            err.println(name + ": " + oneLine(exception.getMessage()) + " (see " + name + " --help)");
            err.flush();
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            PrintWriter err = line.getErr();
            boolean debug = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--debug");
            boolean configuration = exception instanceof ConfigurationException || exception instanceof TokenSourceException
                    || exception instanceof IllegalArgumentException;
            err.println(line.getCommandSpec().qualifiedName() + ": " + oneLine(String.valueOf(exception.getMessage())));
            if (debug) {
                exception.printStackTrace(err);
            }
            err.flush();
            return configuration ? EXIT_USAGE : EXIT_FAILED;
        });
        return commandLine;
    }

    private static String oneLine(String message) {
        return message.replace('\n', ' ').replace('\r', ' ').trim();
    }

    /** Creates commands, giving {@link VerifyCommand}, {@link WatchCommand} and {@link DemoCommand} the environment lookup. */
    private static final class Factory implements CommandLine.IFactory {
        private final UnaryOperator<String> environment;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(UnaryOperator<String> environment) {
            this.environment = environment;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == VerifyCommand.class) {
                return type.cast(new VerifyCommand(environment));
            }
            if (type == WatchCommand.class) {
                return type.cast(new WatchCommand(environment));
            }
            if (type == DemoCommand.class) {
                return type.cast(new DemoCommand(environment));
            }
            return fallback.create(type);
        }
    }

    /** Reads the version Maven wrote into {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = RedisAuthCommand.class.getResourceAsStream("/io/github/redisauth/cli/version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"redis-auth " + properties.getProperty("version", "unknown")
                    + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
