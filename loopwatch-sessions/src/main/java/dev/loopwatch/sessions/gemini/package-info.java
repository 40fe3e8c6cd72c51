/** Reading Gemini CLI chat recordings ({@code ~/.gemini/tmp/<projectHash>/chats}). */
package dev.loopwatch.sessions.gemini;
