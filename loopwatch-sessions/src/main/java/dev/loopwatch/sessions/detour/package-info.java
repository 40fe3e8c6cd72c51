/**
 * Detour points from sessions: the interventions after which the human chose the next step, handed
 * to the judgment evaluation through {@link dev.loopwatch.core.detour}.
 */
package dev.loopwatch.sessions.detour;
