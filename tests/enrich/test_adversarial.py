"""No catastrophic backtracking: the adversarial 1 MB articles of benchmarks/bench_adversarial
get the attributions a reader would give them. The benchmark times them (target: under
1 s each); here a child process that has not finished within HANG_GUARD_S fails the test
instead of hanging the suite."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from benchmarks.bench_adversarial import UNITS

HANG_GUARD_S = 120  # not the speed target: what no fix of a blow-up can need
DETECT_ALL = """
import json
from analytics.enrich.attribution import detect, load_registry
from benchmarks.bench_adversarial import adversarial_articles
registry = load_registry()
print(json.dumps({label: sorted({(a.agency, a.role) for a in detect(article, registry)})
                  for label, article in adversarial_articles().items()}))
"""
# What a reader would credit in each text: (agency, role) pairs, sorted.
EXPECTED = {
    "open parentheses": [],
    "hyphens": [],
    "spaces": [],
    "newlines (mixed endings)": [],
    "one long word": [],
    "agency prefix `Reut`": [],
    "`Kantor Berita` without an agency": [],
    "datelines `JAKARTA (ANTARA) -`": [["antara", "dateline"]],
    "credits `(Reuters) -`": [["reuters", "dateline"]],
    "nested `((((AP`": [],
    # the title (the body's first 200 characters) ends in a cut-off `Sumber: AP/Xinhu`: AP cited
    "source lines `Sumber: AP/Xinhua/KCNA`": [
        ["ap", "cited"],
        ["ap", "source"],
        ["kcna", "source"],
        ["xinhua", "source"],
    ],
    "photo credits `Foto: ANTARA FOTO/`": [["antara", "photo"]],
    "quotes `kata Reuters, mengutip Yonhap`": [["reuters", "cited"], ["yonhap", "cited"]],
}


@pytest.fixture(scope="module")
def detected() -> dict:
    done = subprocess.run([sys.executable, "-c", DETECT_ALL], capture_output=True, text=True, timeout=HANG_GUARD_S)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_adversarial_text_is_checked():
    assert EXPECTED.keys() == UNITS.keys()


@pytest.mark.parametrize("label", UNITS)
def test_adversarial_text_gets_what_a_reader_would_credit(detected, label):
    assert detected[label] == EXPECTED[label]
