/** Reading Aider chat histories ({@code .aider.chat.history.md}). */
package dev.loopwatch.sessions.aider;
