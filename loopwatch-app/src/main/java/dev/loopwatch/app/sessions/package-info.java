/** The {@code loopwatch sessions} command: session numbers from coding-agent transcripts. */
package dev.loopwatch.app.sessions;
