package io.github.redisauth.lettuce.internal;

import io.github.redisauth.AuthToken;
import io.lettuce.core.RedisURI;

/** Log-safe descriptions. */
final class Describe {

    private Describe() {
    }

    static String token(AuthToken token) {
        return token.label() + "#" + token.fingerprint();
    }

    static String endpoint(RedisURI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }
}
