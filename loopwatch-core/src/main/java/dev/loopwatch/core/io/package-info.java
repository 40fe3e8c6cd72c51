/** Small file-system helpers the modules share. */
package dev.loopwatch.core.io;
