/** Classifying git identities as people, coding agents or automation bots, from a data table. */
package dev.loopwatch.git.identity;
