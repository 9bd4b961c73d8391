"""Article ids and the search index's keys: one 64-bit number per 16 hex digits, both ways."""

from __future__ import annotations

import random

import numpy as np

from analytics.schema import short_hash
from analytics.store.search_index import article_ids, key_of


def test_keys_give_back_the_article_ids():
    ids = [short_hash("url", f"https://example.org/{n}") for n in range(2_000)]
    ids += ["0000000000000000", "0000000000000001", "ffffffffffffffff", "00ff00ff00ff00ff"]
    keys = np.array([key_of(article_id) for article_id in ids], dtype=np.uint64)
    assert article_ids(keys).to_pylist() == ids


def test_random_keys_read_as_python_formats_them():
    rng = random.Random(5)
    keys = np.array([rng.getrandbits(64) for _ in range(1_000)], dtype=np.uint64)
    assert article_ids(keys).to_pylist() == [format(int(key), "016x") for key in keys]
    assert article_ids(np.empty(0, np.uint64)).to_pylist() == []
