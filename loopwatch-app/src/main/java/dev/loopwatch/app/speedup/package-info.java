/** The {@code loopwatch speedup} commands: grade a candidate, run an agent attempt. */
package dev.loopwatch.app.speedup;
