/**
 * Streaming JSON Lines reading shared by the transcript readers: one line at a time, length-capped,
 * bad lines reported with file and line.
 */
package dev.loopwatch.sessions.io;
