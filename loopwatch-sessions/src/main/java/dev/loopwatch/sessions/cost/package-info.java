/**
 * Token prices per model and the cost of sessions' tokens per day: a bundled price table that a
 * user file can override, and unknown models priced as unknown, never as free.
 */
package dev.loopwatch.sessions.cost;
