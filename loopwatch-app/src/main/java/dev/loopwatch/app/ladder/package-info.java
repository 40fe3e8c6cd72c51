/**
 * {@code loopwatch ladder}: monthly org indicators computed from the store, and the phase (P0-P4)
 * each month holds under the gates of a versioned {@code phases.toml}.
 */
package dev.loopwatch.app.ladder;
