/** Running the git CLI against a repository. */
package dev.loopwatch.git.repo;
