/**
 * Static analyzers as reviewers for the review retrospective: PMD and SpotBugs run in-process on
 * the Java files a change touched, reporting only what falls on the lines the change added or
 * modified.
 */
package dev.loopwatch.retro.review.analyzers;
