/** The capability-trend commands: {@code loopwatch horizon} and {@code loopwatch trend}. */
package dev.loopwatch.app.trends;
