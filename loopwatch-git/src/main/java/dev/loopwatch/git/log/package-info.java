/** Streaming readers of git log output. */
package dev.loopwatch.git.log;
