/**
 * The {@code loopwatch retro} command: the review retrospective's command line, its text and JSON
 * output.
 */
package dev.loopwatch.app.retro;
