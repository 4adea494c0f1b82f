package io.github.redisauth.cli.internal;

/** A rotation-safe client running the watch workload. Closing stops the workload and the client. */
public interface WatchedClient extends AutoCloseable {

    /** @return the counters now */
    WatchSample sample();

    /**
     * Stops the workload, waiting for commands in flight.
     *
     * @return the final counters
     */
    WatchSample stop();

    @Override
    void close();
}
