/** Test fixtures shared by the git capability's tests: real repositories in temporary folders. */
package dev.loopwatch.git.testing;
