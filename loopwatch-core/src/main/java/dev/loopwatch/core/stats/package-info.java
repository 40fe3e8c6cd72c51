/** Statistics shared by the capabilities: quantiles and bootstrap intervals. */
package dev.loopwatch.core.stats;
