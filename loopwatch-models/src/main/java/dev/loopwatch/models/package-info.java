/**
 * One interface to language models: a {@link dev.loopwatch.models.Request} in, a {@link
 * dev.loopwatch.models.Response} out, providers chosen by name in {@code loopwatch.toml} and
 * wrapped in a response cache, retries, rate limits and a budget (see docs/MODELS.md).
 */
package dev.loopwatch.models;
