/**
 * The tlog-tiles layout of a transparency log (c2sp.org/tlog-tiles).
 *
 * <p>Implements the spec's "Merkle Tree" section (tile paths {@code tile/<L>/<N>[.p/<W>]} with
 * {@code N} in zero-padded 3-digit elements, all but the last prefixed by {@code x}; full tiles of
 * 256 hashes, 8,192 bytes; the {@code n}-th tile at level {@code l} holding {@code MTH(D[(n * 256 +
 * i) * 256**l : (n * 256 + i + 1) * 256**l])}), "Partial Tiles" (width {@code floor(s / 256**l) mod
 * 256}), and "Log entries" (entry bundles at {@code tile/entries/<N>[.p/<W>]}, big-endian uint16
 * length-prefixed entries). A {@link dev.loopwatch.ledger.tiles.TileHashReader} reads any complete
 * subtree hash from tiles, so {@link dev.loopwatch.ledger.merkle.Proofs} computes roots and proofs
 * from a tiled log.
 */
package dev.loopwatch.ledger.tiles;
