/**
 * The lines agents wrote into files, read from transcripts for matching against commits (see {@link
 * dev.loopwatch.core.agentedit}).
 */
package dev.loopwatch.sessions.edits;
