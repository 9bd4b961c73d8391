"""One pass of an Aho-Corasick automaton over a text finds every registry name in it.

The automaton holds every alias of every agency plus the registry's
`not_agency` and `namesakes` phrases, lower-cased and with whitespace
normalised. A text is lower-cased, scanned once, and each hit is checked for
letter case and token boundaries. Overlapping hits resolve leftmost-longest,
so `Thomson Reuters Foundation` swallows `Reuters` and `Australian Associated
Press` swallows `Associated Press`.

A name may also run across a line break or a run of spaces (`New China
News\\nAgency`). The automaton holds every head of a several-word name followed
by such whitespace (`new china\\n`, `new china \\n`) as a trigger: a text where
one fires is scanned again with its whitespace folded (each run made one
space). Other texts, nearly all, are scanned once as they are: a name found
there is found at the same place, with the same neighbours, in the folded text.

The automaton may also hold marks, phrases that are no names: the scan reports
which occur, for its caller to skip looking for them (see `build_matcher`).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import operator
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple, cast

import ahocorasick

from analytics.enrich.attribution.cues import glued_script
from analytics.enrich.attribution.registry import Alias, Registry
from analytics.enrich.lookalikes import plain
from analytics.text.whitespace import WHITESPACE

# A stop for pathological input: the densest text in the corpora (a KCNA news
# digest) has 20 hits, 100 times fewer; 1 MB of "Reuters Reuters ..." stops here.
MAX_HITS_PER_TEXT = 2_000

ALIAS, NOT_AGENCY, NAMESAKE = "alias", "not_agency", "namesake"
MARK = "mark"  # not a name: a phrase whose presence the scan reports (see build_matcher)
TRIGGER = ()  # the automaton's value for a trigger: no names, only a fold-and-rescan
# Indonesian words that scraped pages glue to a preceding link (`Mehr Newsmelaporkan`,
# `Antara Newsdengan judul`): a name followed by one of them still ends there.
GLUED_WORDS = re.compile(
    r"(?:dan|yang|dengan|pada|melaporkan|mengatakan|menyebut|menyebutkan|menulis|memberitakan)(?![a-z])"
)
# Whitespace other than one space: a run of two or more, or a lone tab or line break (written
# so that every match starts with a whitespace character: a third faster than `\s{2,}|[^\S ]`,
# which matches the same runs).
_ODD_WHITESPACE = re.compile(r"[^\S ]\s*| \s+")
_APPOSITION = re.compile(r"\s{0,3}[(,]?\s{0,3}")


class Mention(NamedTuple):  # (a tuple: one is made for every name found)
    """One registry name found in a text: whose it is, what kind of entry matched, and where."""

    agency: str
    kind: str  # ALIAS, NOT_AGENCY or NAMESAKE
    start: int  # offsets in the original text
    end: int
    alias: Alias | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class _Entry:
    agency: str
    kind: str
    text: str  # whitespace-normalised, original case
    length: int  # len(text)
    case_sensitive: bool
    bounded: bool  # check token boundaries (not for scripts written without spaces)
    acronym: bool  # all capitals: a lower-case letter right after it starts a glued word
    alias: Alias | None
    flags: int = 0  # of a MARK


@dataclasses.dataclass(frozen=True)
class Matcher:
    """The compiled scan of a registry's names (an Aho-Corasick automaton over their folded case)."""

    automaton: ahocorasick.Automaton
    all_flags: int = 0  # of its marks

    def scan(self, text: str, breaks: frozenset[int] = frozenset()) -> tuple[list[Mention], int]:
        """Every registry name in `text`, in order, non-overlapping; and the flags of the marks in
        its lower case (all of them when a scan stops at MAX_HITS_PER_TEXT: any may follow).
        `breaks`: positions where invisible characters were removed (see lookalikes.unmask), which
        part tokens as a space would: `Reuters<zero-width space>said` names Reuters."""
        if not text:
            return [], 0
        lower = text.lower()
        found = self._hits(text, lower if len(lower) == len(text) else _fold_case(text), breaks)
        if found is None:
            folded = _Folded.of(text)  # where no trigger can fire
            rescan = self._hits(folded.cased, folded.lower, frozenset(map(folded.folded, breaks)))
            hits, marked = cast("tuple[list[tuple[int, int, _Entry]], int]", rescan)  # never None: no trigger left
            hits = [(folded.original(start), folded.original(end), entry) for start, end, entry in hits]
        else:
            hits, marked = found
        return (_mentions(hits, text) if hits else []), marked

    def _hits(self, cased: str, lower: str, breaks: frozenset[int]) -> tuple[list[tuple[int, int, _Entry]], int] | None:
        """(start, end, entry) of every name that passes the case and boundary checks, and the
        flags of the marks seen; None when a trigger fires (a name may run across odd whitespace)."""
        hits = []
        marked = 0
        for last, entries in self.automaton.iter(lower):
            if not entries:
                return None
            end = last + 1
            for entry in entries:
                if entry.kind == MARK:
                    marked |= entry.flags
                    continue
                start = end - entry.length
                if entry.case_sensitive and not cased.startswith(entry.text, start):
                    continue
                if entry.bounded and not _bounded(cased, start, end, entry.acronym, breaks):
                    continue
                hits.append((start, end, entry))
            if len(hits) >= MAX_HITS_PER_TEXT:
                return hits, self.all_flags
        return hits, marked


def _mentions(hits: list[tuple[int, int, _Entry]], text: str) -> list[Mention]:
    """The hits resolved leftmost-longest, a name named twice in a row joined."""
    if len(hits) > 1:
        hits.sort(key=_leftmost_longest)
    mentions: list[Mention] = []
    reached = 0
    for start, end, entry in hits:
        if start < reached:
            continue
        reached = end
        mention = Mention(entry.agency, entry.kind, start, end, entry.alias)
        if mentions and _same_name(mentions[-1], mention, text):
            mention = _joined(mentions.pop(), mention)
        mentions.append(mention)
    return mentions


def _leftmost_longest(hit: tuple[int, int, _Entry]) -> tuple[int, int]:
    return hit[0], -hit[1]


def _same_name(first: Mention, second: Mention, text: str) -> bool:
    """One agency named twice in a row: `Kantor Berita Pusat Korea (KCNA)`,
    `the Iranian news agency, IRNA,`, `Hungarian news agency MTI`."""
    return (
        first.kind == second.kind == ALIAS
        and first.agency == second.agency
        and bool(_APPOSITION.fullmatch(text, first.end, second.start))
    )


def _joined(first: Mention, second: Mention) -> Mention:
    """One mention spanning both; it takes the more explicit alias (not an ambiguous one)."""
    first_alias, second_alias = cast(Alias, first.alias), cast(Alias, second.alias)  # ALIAS mentions carry one
    alias = second_alias if first_alias.strict and not second_alias.strict else first_alias
    return first._replace(end=second.end, alias=alias)


def build_matcher(registry: Registry, marks: Mapping[str, int] | None = None) -> Matcher:
    """The matcher of the registry's names. `marks` are phrases (lower case, one space between
    words) that are no names, each with flags: a scan only reports the flags of those that
    occur, so that nothing needs to look for them again."""
    marks = marks or {}
    table: dict[str, list[_Entry]] = {}
    for entry in _entries(registry):
        key = _fold_case(entry.text)
        table.setdefault(key, []).append(entry)
    automaton = ahocorasick.Automaton()
    for key in table:
        for trigger in _triggers(key):
            automaton.add_word(trigger, TRIGGER)
    for phrase, flags in marks.items():
        table.setdefault(phrase, []).append(_Entry("", MARK, phrase, len(phrase), False, False, False, None, flags))
    for key, entries in table.items():
        automaton.add_word(key, tuple(entries))
    automaton.make_automaton()
    return Matcher(automaton, functools.reduce(operator.or_, marks.values(), 0))


def _triggers(key: str) -> Iterator[str]:
    """The head of a several-word name up to one of its spaces, followed by the start of
    whitespace that folding changes: a character other than a space, or a space and more."""
    for index, char in enumerate(key):
        if char == " ":
            head = key[:index]
            yield from (head + c for c in WHITESPACE if c != " ")
            yield from (head + " " + c for c in WHITESPACE)


def _entries(registry: Registry) -> Iterator[_Entry]:
    for agency in registry.agencies:
        for alias in agency.aliases:
            yield _entry(agency.id, ALIAS, alias.text, alias.case_sensitive, alias)
        for phrase in agency.not_agency:
            yield _entry(agency.id, NOT_AGENCY, phrase, False, None)
        for phrase in agency.namesakes:
            yield _entry(agency.id, NAMESAKE, phrase, False, None)


def _entry(agency: str, kind: str, text: str, case_sensitive: bool, alias: Alias | None) -> _Entry:
    text = " ".join(plain(text).split())  # (in the form the text is scanned in: see lookalikes.unmask)
    letters = [c for c in text if c.isalpha()]
    acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
    bounded = not (glued_script(text[0]) or glued_script(text[-1]))  # CJK, kana, Hangul: glued to their neighbours
    return _Entry(agency, kind, text, len(text), case_sensitive, bounded, acronym, alias)


def _bounded(text: str, start: int, end: int, acronym: bool, breaks: frozenset[int]) -> bool:
    """Whole token, where a case change also separates tokens: scraped Indonesian text
    glues links to their neighbours (`dilansirAFP`, `dariAntara`, `KorutKCNA`); so does a
    removed invisible character (`breaks`)."""
    if start > 0 and start not in breaks:
        before, first = text[start - 1], text[start]
        if before.isalnum() and not (before.islower() and first.isupper()):
            return False
    if end < len(text) and end not in breaks:
        last, after = text[end - 1], text[end]
        if after.isalnum() and not ((last.islower() and after.isupper()) or (acronym and after.islower())):
            return bool(GLUED_WORDS.match(text, end))
    return True


def _fold_case(text: str) -> str:
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    # A few characters (İ) lower-case to two: keep them, so offsets stay put.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclasses.dataclass(frozen=True)
class _Folded:
    """A text with each whitespace run made one space, lower-cased, and the way back."""

    cased: str
    lower: str
    runs: tuple[int, ...]  # folded positions of the spaces that replaced longer runs
    removed: tuple[int, ...]  # characters removed up to and including each of those runs
    ends: tuple[int, ...]  # original offsets where each of those runs ends

    @classmethod
    def of(cls, text: str) -> _Folded:
        runs, removed, ends, pieces, total, last = [], [], [], [], 0, 0
        for match in _ODD_WHITESPACE.finditer(text):
            start, end = match.span()
            pieces.append(text[last:start])
            pieces.append(" ")
            last = end
            if end - start > 1:
                runs.append(start - total)
                total += end - start - 1
                removed.append(total)
                ends.append(end)
        pieces.append(text[last:])
        cased = "".join(pieces)
        return cls(cased, _fold_case(cased), tuple(runs), tuple(removed), tuple(ends))

    def original(self, position: int) -> int:
        """The offset in the original text of a folded offset that is not inside a run."""
        index = bisect.bisect_left(self.runs, position) - 1
        return position + (self.removed[index] if index >= 0 else 0)

    def folded(self, position: int) -> int:
        """The folded offset of an original offset that is not inside a run."""
        index = bisect.bisect_right(self.ends, position) - 1
        return position - (self.removed[index] if index >= 0 else 0)
