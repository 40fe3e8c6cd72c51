/** {@code loopwatch research}: runs of parallel sandboxed research agents, and their status. */
package dev.loopwatch.app.research;
