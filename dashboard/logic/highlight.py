"""An article section's text cut into pieces for display: plain text, highlighted text
(inside one or more attribution spans) and a label after each span naming its agency
and role. Spans may overlap, nest, touch or repeat; offsets outside the text are
clamped and empty spans get only their label, so a bad offset never hides text.
The words of a text query (`matches`: (start, end) spans) are cut out too and marked
as such, whether or not an attribution span covers them; so are the passages a text shares
with another article (`shared`: (start, end) spans, analytics.queries.reuse.article_reuse).

Every piece is plain text: the page renders it as text (html.Span / html.Mark
children), never as HTML, so markup inside an article is shown, not run.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Span:
    """An attribution span of a section's text: offsets, agency, role, its label and colour."""

    start: int
    end: int
    agency: str
    role: str
    label: str  # "Reuters · photo"
    colour: str


@dataclasses.dataclass(frozen=True)
class Piece:
    """A piece of section text: plain, highlighted by the spans covering it, or the label closing a span."""

    text: str
    spans: tuple[Span, ...] = ()  # the spans covering this text (none: plain text)
    label_of: Span | None = None  # set for a label piece: the span it closes
    matched: bool = False  # the text is a word of the text query
    shared: bool = False  # the text is in a passage shared with another article

    @property
    def is_label(self) -> bool:
        """Whether this is a span's label rather than article text."""
        return self.label_of is not None


def clamp(span: Span, length: int) -> Span:
    """The span with its offsets held within a text of `length` (an end before the start: empty)."""
    start = min(max(int(span.start), 0), length)
    end = min(max(int(span.end), start), length)
    return dataclasses.replace(span, start=start, end=end)


Ranges = list[tuple[int, int]] | tuple[tuple[int, int], ...]


def _held(ranges: Ranges, length: int) -> list[tuple[int, int]]:
    """(start, end) ranges held within a text of `length`."""
    return [(min(max(int(s), 0), length), min(max(int(e), 0), length)) for s, e in ranges]


def _within(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(r_start <= start and r_end >= end for r_start, r_end in ranges)


def pieces(text: str, spans: list[Span] | tuple[Span, ...], matches: Ranges = (), shared: Ranges = ()) -> list[Piece]:
    """The text in order, cut at every span, match and shared passage boundary; a label piece
    follows the end of each span (several ending together: in order of their start, then agency,
    role); a piece inside a match is `matched`, one inside a shared passage `shared`."""
    text = text or ""
    spans = sorted((clamp(s, len(text)) for s in spans), key=lambda s: (s.start, -s.end, s.agency, s.role))
    matches, shared = _held(matches, len(text)), _held(shared, len(text))
    bounds = (b for r in (*matches, *shared) for b in r)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans), *bounds})
    out: list[Piece] = []
    for position, cut in enumerate(cuts):
        ending = [s for s in spans if s.end == cut]
        if position > 0:
            start = cuts[position - 1]
            covering = tuple(s for s in spans if s.start <= start and s.end >= cut and s.start < s.end)
            if cut > start:
                out.append(
                    Piece(
                        text[start:cut],
                        covering,
                        matched=_within(matches, start, cut),
                        shared=_within(shared, start, cut),
                    )
                )
        out.extend(Piece(s.label, (s,), label_of=s) for s in ending)
    return out


def plain_text(parts: list[Piece]) -> str:
    """The text again, without labels (a check that nothing was lost)."""
    return "".join(p.text for p in parts if not p.is_label)
