/**
 * Classifying git identities as people, coding agents or automation bots from a data table ({@code
 * identities.toml}, extensible in loopwatch.toml), reading commit trailers, and crediting each
 * change to a human engineer.
 */
package dev.loopwatch.git.identity;
