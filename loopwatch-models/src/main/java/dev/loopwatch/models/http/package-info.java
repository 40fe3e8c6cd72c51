/**
 * The HTTP providers: the Anthropic Messages API and OpenAI Chat Completions (and the servers that
 * speak it), on {@code java.net.http} with the Jackson already in the build (see
 * docs/DEPENDENCIES.md for why no client library).
 */
package dev.loopwatch.models.http;
