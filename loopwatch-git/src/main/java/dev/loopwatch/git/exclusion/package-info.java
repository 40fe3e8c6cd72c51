/** Which files and commits are left out of the counts, and why. */
package dev.loopwatch.git.exclusion;
