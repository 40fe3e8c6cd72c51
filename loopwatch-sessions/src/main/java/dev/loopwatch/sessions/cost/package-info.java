/**
 * The cost of sessions' tokens per day, priced with the table in {@code dev.loopwatch.core.cost}.
 */
package dev.loopwatch.sessions.cost;
