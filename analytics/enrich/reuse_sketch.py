"""MinHash sketches of article texts: the band hashes that find candidate pairs of reused text.

A text's shingles (analytics.text.overlap: the same runs of words the exact check compares)
get a MinHash signature of NUM_PERM values (rensa's RMinHash: 30 times as fast as datasketch
at the same accuracy on the shared corpora, benchmarks/RESULTS.md). The signature is cut into
BANDS bands of BAND_ROWS values; two texts that agree on every value of one band are a
candidate pair. With two rows a band, texts whose shingle sets have a Jaccard similarity J are
a candidate with probability 1 - (1 - J²)^BANDS: 0.93 at J = 0.2, 0.998 at J = 0.3; a short
text copied whole into one four times its length has J of about 0.25, and one more than
five times as long J under 0.2 (the sampled shingles find those: analytics.store.reuse,
SAMPLES_SHARED). The candidates are then checked exactly (analytics.text.overlap), so a
false candidate costs time, never a false finding.
"""

from __future__ import annotations

import numpy as np
import rensa

NUM_PERM = 128
BAND_ROWS = 2  # a band's two 32-bit values make its 64-bit hash, exactly
BANDS = NUM_PERM // BAND_ROWS
SEED = 20261206  # fixed: sketches made by any process, any day, compare


def band_hashes(text_shingles: list[str]) -> np.ndarray | None:
    """The BANDS band hashes (uint64) of a text's shingles (analytics.text.overlap.text_shingles);
    None for a text too short to have a shingle."""
    if not text_shingles:
        return None
    signature = rensa.RMinHash(NUM_PERM, SEED)
    signature.update(text_shingles)
    values = np.asarray(signature.digest(), dtype=np.uint64).reshape(BANDS, BAND_ROWS)
    band = values[:, 0]
    for row in range(1, BAND_ROWS):
        band = (band << np.uint64(32)) | values[:, row]
    return band
