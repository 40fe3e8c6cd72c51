/** Options and terminal helpers shared by all commands. */
package dev.loopwatch.app.cli;
