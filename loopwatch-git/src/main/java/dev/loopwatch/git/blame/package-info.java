/**
 * Live code: the share of the lines present at a revision whose last change carries AI evidence,
 * found with {@code git blame --incremental} run over many files at once.
 */
package dev.loopwatch.git.blame;
