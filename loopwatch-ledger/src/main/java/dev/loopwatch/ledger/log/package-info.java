/**
 * A single-writer tiled transparency log on the local file system, byte-compatible with
 * c2sp.org/tlog-tiles: {@link dev.loopwatch.ledger.log.TileLog} appends batches durably (tiles and
 * bundles first, the signed checkpoint last, each file fsync'd and atomically renamed) and {@link
 * dev.loopwatch.ledger.log.LogDirectory} reads a stored log as a {@link
 * dev.loopwatch.ledger.tiles.TileSource}.
 */
package dev.loopwatch.ledger.log;
