/** The loopwatch command line. */
package dev.loopwatch.app;
