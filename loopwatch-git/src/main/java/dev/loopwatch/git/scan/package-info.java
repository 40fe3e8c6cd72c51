/**
 * Scanning repositories into the store: branch choice, incremental rescans, exclusions and live
 * code.
 */
package dev.loopwatch.git.scan;
