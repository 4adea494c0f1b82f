package io.github.redisauth.lettuce;

import io.github.redisauth.AuthReply;
import io.github.redisauth.ReplyClassifier;
import io.github.redisauth.testkit.Workload;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The testkit's client-agnostic {@link Workload} driven through Lettuce: SET then GET of the thread's own key. */
final class LettuceOperations {

    private LettuceOperations() {
    }

    /**
     * @param commands the async commands of a standalone, primary + reader or cluster connection
     * @param timeout how long each command may take before the operation counts as failed
     * @return SET, then GET expecting the value just written, each waited for at most {@code timeout}
     */
    static Workload.Operation setThenGet(RedisStringAsyncCommands<String, String> commands, Duration timeout) {
        return (key, value) -> {
            commands.set(key, value).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Workload.expectValue(key, value, commands.get(key).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        };
    }

    /** @return true for failures about authentication (rejection, NOAUTH, "no password set"), causes included */
    static Predicate<Throwable> authFailure() {
        return failure -> ReplyClassifier.classify(failure) != AuthReply.OTHER;
    }

    /**
     * @param commands the async commands of the connection to keep busy
     * @param timeout the command timeout
     * @return a workload builder with {@link #setThenGet} and {@link #authFailure()}
     */
    static Workload.Builder workload(RedisStringAsyncCommands<String, String> commands, Duration timeout) {
        return Workload.builder(setThenGet(commands, timeout)).authFailure(authFailure());
    }
}
