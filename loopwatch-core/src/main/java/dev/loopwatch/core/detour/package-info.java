/**
 * Detour points of agent sessions, as the sessions module finds them in transcripts and the
 * judgment evaluation turns them into items: the small shared API between the two.
 *
 * <p>A detour point is a place where the human stepped in (a steer, a correction or an interrupt)
 * and then gave a new instruction: what happened before, what the human did next, and what happened
 * after. Texts are as the transcript readers keep them (each already capped at a few thousand
 * characters); they are not redacted here.
 */
package dev.loopwatch.core.detour;
