"""Real sample files written in the encodings and line endings scrapers produce (cp1252,
latin-1, UTF-16 with a BOM, UTF-8 with a BOM; CRLF, CR, mixed; stray NUL bytes) read
to the same articles as the UTF-8 originals."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest
from repo_paths import REPO

from analytics.ingest.extract import FileState, articles_of
from analytics.ingest.manifest import load_manifest
from analytics.ingest.pipeline import plan_inputs
from analytics.ingest.sources import InputFile
from analytics.schema import Article

SAMPLE_MANIFEST = REPO / "data/manifests/sample.toml"
INGESTED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
# latin-1 has no curly quotes: the latin-1 variant writes the seed page's quotes as « ».
LATIN1_QUOTES = str.maketrans({"“": "«", "”": "»"})


def _line_endings(text: str, style: str) -> str:
    lines = text.split("\n")
    if style == "mixed":  # a CR is never followed by an LF: that would be one CRLF
        return "".join(line + ("\r\n", "\n", "\r")[n % 3] for n, line in enumerate(lines))
    return {"crlf": "\r\n", "cr": "\r", "lf": "\n"}[style].join(lines)


def _with_nuls(text: str) -> str:
    """A NUL after every 500th character (as broken exports leave them)."""
    return "".join(ch + ("\x00" if n % 500 == 499 else "") for n, ch in enumerate(text))


# (source, variant name, how to write the file's text) -> bytes
VARIANTS = {
    ("seed", "cp1252 crlf"): lambda t: _line_endings(t, "crlf").encode("cp1252"),
    ("seed", "latin-1 cr"): lambda t: _line_endings(t.translate(LATIN1_QUOTES), "cr").encode("latin-1"),
    ("seed", "utf-16 bom mixed endings"): lambda t: codecs.BOM_UTF16_LE + _line_endings(t, "mixed").encode("utf-16-le"),
    ("seed", "utf-8 nul bytes"): lambda t: _with_nuls(t).encode("utf-8"),
    ("kcna", "utf-16 bom"): lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    ("kcna", "utf-8 bom crlf"): lambda t: codecs.BOM_UTF8 + _line_endings(t, "crlf").encode("utf-8"),
    ("ag_news_test", "cp1252 mixed endings nul bytes"): lambda t: _with_nuls(_line_endings(t, "mixed")).encode(
        "cp1252"
    ),
    ("ag_news_test", "utf-16 bom crlf"): lambda t: codecs.BOM_UTF16_LE + _line_endings(t, "crlf").encode("utf-16-le"),
}


def _articles(item: InputFile) -> list[tuple]:
    state = FileState(item)
    read = [a for a in articles_of(item, INGESTED_AT, state) if isinstance(a, Article)]
    assert read and state.read == len(read), "every record should become an article"
    return [(a.title, a.body, a.published_at, a.tags) for a in read]


@pytest.mark.parametrize(("source", "variant"), VARIANTS, ids=[f"{s}: {v}" for s, v in VARIANTS])
def test_encoded_copy_reads_to_the_same_articles(tmp_path, source, variant):
    original = next(i for i in plan_inputs(load_manifest(SAMPLE_MANIFEST)) if i.spec.name == source)
    text = original.path.read_text(encoding="utf-8")
    copy = tmp_path / original.path.name
    copy.write_bytes(VARIANTS[source, variant](text))
    expected = _articles(original)
    if variant.startswith("latin-1"):
        expected = [(t.translate(LATIN1_QUOTES), b.translate(LATIN1_QUOTES), *rest) for t, b, *rest in expected]
    assert _articles(InputFile(copy, original.ref, original.spec)) == expected
