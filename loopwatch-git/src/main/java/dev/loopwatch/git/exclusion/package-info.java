/**
 * Which files and commits are left out of the counts, and why: built-in and user path rules ({@link
 * dev.loopwatch.git.exclusion.PathRules}), the repository's {@code .gitattributes} ({@link
 * dev.loopwatch.git.exclusion.GitAttributes}), its {@code .git-blame-ignore-revs} ({@link
 * dev.loopwatch.git.exclusion.IgnoreRevs}), combined by {@link
 * dev.loopwatch.git.exclusion.Exclusions}.
 */
package dev.loopwatch.git.exclusion;
