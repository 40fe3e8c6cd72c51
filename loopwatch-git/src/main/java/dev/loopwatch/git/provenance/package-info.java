/**
 * Mining merged changes from git: the first-parent chain, the commits each merge brought in, and
 * the crediting of added lines to AI evidence.
 */
package dev.loopwatch.git.provenance;
