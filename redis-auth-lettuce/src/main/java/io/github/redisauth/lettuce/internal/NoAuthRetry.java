package io.github.redisauth.lettuce.internal;

import io.github.redisauth.TokenNegotiator;

/**
 * What a connection of a rotation-safe client reports and asks. It says which Lettuce endpoint ids are its
 * own, so events on a shared event bus can be told apart; and when one of its commands was answered
 * {@code NOAUTH} (the server got a password while the connection had none, Redis &lt; 6): the token to send
 * before the command is sent again, and afterwards how the server answered it.
 */
interface NoAuthRetry {

    /**
     * A connection of this client was created.
     *
     * @param endpointId its Lettuce endpoint id (as in connection events), or null when unknown
     */
    void connectionOpened(String endpointId);

    /**
     * A connection of this client was closed.
     *
     * @param endpointId as given to {@link #connectionOpened(String)}
     */
    void connectionClosed(String endpointId);

    /**
     * Called on a Netty event loop: must not block.
     *
     * @return the offer to authenticate with (it carries a token), or null to let the command fail
     */
    TokenNegotiator.Offer offerAfterNoAuth();

    /**
     * Reports how the server answered the {@code AUTH} sent for a retry. Called on a Netty event loop.
     *
     * @param offer what {@link #offerAfterNoAuth()} gave
     * @param failure null on success
     */
    void authAfterNoAuthCompleted(TokenNegotiator.Offer offer, Throwable failure);
}
