"""Page furniture: lines that a page dump carries but that are not article text.

Every rule is a whole-line pattern, general to the outlets we have seen
(PRMN regional sites, Liputan6, detik, Kompas, Tempo, Tribun, Republika),
never a rule for one article.
"""

from __future__ import annotations

import re

# Whole lines removed from any body, wherever they stand.
FURNITURE_LINE = re.compile(
    r"""^\s*(?:
        (?:baca\s+juga|read\s+also|lihat\s+juga|simak\s+juga|baca\s+selengkapnya)\b.*   # related-link lines
      | advertisement | iklan
      | scroll\s+to\s+continue\s+with\s+content
      | \[gambas:[^\]]*\]                                    # detik embed placeholders
      | ikuti\s+whatsapp\s+channel\b.*
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

PAGINATION = re.compile(r"^\s*halaman\s*:?\s*[\d\s/,]*$", re.IGNORECASE)

# Headings of the navigation blocks that close a page dump: nothing after them is the article.
NAVIGATION_HEADINGS = frozenset(
    h.casefold()
    for h in (
        "Artikel Pilihan",
        "Terkait",
        "Terkini",
        "Terpopuler",
        "Kabar Daerah",
        "Berita Terkait",
        "Berita Terkini",
        "Berita Populer",
        "Berita Lainnya",
        "Rekomendasi",
        "Populer",
        "Pilihan Editor",
        "Related",
        "Related Articles",
        "Most Popular",
        "Trending",
        "Latest News",
        "Read More",
    )
)

_BLANK_RUN = re.compile(r"\n\n\n+")  # not `\n{3,}`: a literal start lets a search skip ahead


def is_furniture(line: str) -> bool:
    """Whether the line is page furniture (a related link, an ad, a page number) rather than article text."""
    return bool(FURNITURE_LINE.match(line) or PAGINATION.match(line))


def is_navigation_heading(line: str) -> bool:
    """Whether the line heads one of the navigation blocks that close a page dump."""
    return line.strip().rstrip(":").casefold() in NAVIGATION_HEADINGS


def clean_body(text: str) -> str:
    """Drop furniture lines, trim trailing spaces, keep paragraphs one blank line apart."""
    kept = [line.rstrip() for line in text.splitlines() if not is_furniture(line)]
    return _BLANK_RUN.sub("\n\n", "\n".join(kept)).strip()
