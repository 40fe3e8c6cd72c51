/** The command provider: any program answers, request JSON on stdin, response JSON on stdout. */
package dev.loopwatch.models.command;
