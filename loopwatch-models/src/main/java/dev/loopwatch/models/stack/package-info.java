/**
 * The decorators every configured model is wrapped in, outermost first: response cache, retries,
 * rate limits, budget; and the accounting of what the calls cost, saved and retried.
 */
package dev.loopwatch.models.stack;
