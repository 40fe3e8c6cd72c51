/** The user-facing error type and its kinds. */
package dev.loopwatch.core.error;
