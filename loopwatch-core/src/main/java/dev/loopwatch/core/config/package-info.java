/** The optional loopwatch.toml configuration. */
package dev.loopwatch.core.config;
