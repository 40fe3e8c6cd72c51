/** Owned child processes with deadlines and kept stderr. */
package dev.loopwatch.core.process;
