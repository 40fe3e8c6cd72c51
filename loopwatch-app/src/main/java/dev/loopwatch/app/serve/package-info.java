/**
 * {@code loopwatch serve}: a live dashboard and REST API over the store, which the server owns
 * (scans run inside it), bound to loopback unless a bearer token guards it.
 */
package dev.loopwatch.app.serve;
