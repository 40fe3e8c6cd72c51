/** Reading GitHub Copilot CLI session logs ({@code ~/.copilot/session-state/<id>/events.jsonl}). */
package dev.loopwatch.sessions.copilot;
