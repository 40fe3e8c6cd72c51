/**
 * The run's shared spaces: the forum agents post typed findings to, and the code store (a bare git
 * repository) their snapshots live in, both served over HTTP on a Unix-domain socket.
 */
package dev.loopwatch.research.forum;
