/**
 * Finding the change that introduced a bug (the SZZ family): fix-to-cause links mined from history,
 * and B-SZZ with the AG-, MA- and R-SZZ refinements run over fix commits.
 */
package dev.loopwatch.git.szz;
