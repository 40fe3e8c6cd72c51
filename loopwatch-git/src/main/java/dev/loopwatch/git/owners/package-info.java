/** Code ownership from CODEOWNERS files, for grouping lines by team. */
package dev.loopwatch.git.owners;
