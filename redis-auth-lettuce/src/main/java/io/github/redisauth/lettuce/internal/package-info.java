/**
 * Implementation of the rotation-safe Lettuce clients. Everything here may change in any release:
 * these types carry no compatibility promise. Use {@link io.github.redisauth.lettuce} instead.
 */
package io.github.redisauth.lettuce.internal;
