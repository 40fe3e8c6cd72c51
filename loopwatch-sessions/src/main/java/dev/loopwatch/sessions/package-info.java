/**
 * Coding-agent transcripts normalised to sessions, turns and events, and the numbers computed from
 * them.
 */
package dev.loopwatch.sessions;
