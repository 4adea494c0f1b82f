package io.github.redisauth.bench;

/** A workload running against one client during the rotation lifecycle, whatever the client library. */
interface RunningLoad extends AutoCloseable {

    /** @return the client's name in the results, e.g. {@code jedis} or {@code stockJedis} */
    String name();

    /** @return commands (operations) that succeeded so far */
    long operations();

    /** @return commands (operations) that failed so far, after retries where the client has them */
    long failures();

    /** @return the failures whose cause was an authentication reply (core's {@code ReplyClassifier}) */
    long authFailures();

    /** @return the last failure, or {@code none} */
    String lastFailure();

    /** Stops the workload and closes its client. */
    @Override
    void close();
}
