/**
 * Token prices per model: a bundled price table that a user file can override, read by sessions
 * (transcript costs) and models (call costs); unknown models are priced as unknown, never as free.
 */
package dev.loopwatch.core.cost;
