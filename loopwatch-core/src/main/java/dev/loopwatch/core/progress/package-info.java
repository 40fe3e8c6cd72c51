/** Progress bars for long work, on stderr and only on terminals. */
package dev.loopwatch.core.progress;
