"""Citation cues: the words around an agency name that attribute a statement to it.

The phrases are data: `cues.toml` beside `agencies.toml`, one `[cues.<lang>]`
table per language, to which a user's registry file may add its own tables
(`load_cues`). They were taken from the phrasings in the corpora (see their
PROVENANCE.md files): `according to Reuters`, `told Reuters`, `polled by
Reuters`, `the official New China News Agency reported`, `kata Kantor Berita
Pusat Korea`, `menurut Kantor Berita resmi China Xinhua`, `dikutip dari Antara`,
`kantor berita Yonhap melaporkan`, `disurvei oleh Reuters`.

The check walks tokens, never a regex with open-ended repetition: from the
name backwards over at most MAX_GAP_BEFORE gap words to a cue phrase, or
forwards over at most MAX_GAP_AFTER to a reporting verb. Gap words are agency
words (`kantor berita`, `the official ... news agency`) or, for a name that is
not ambiguous, capitalised words (`menurut Kantor Berita resmi China Xinhua`);
punctuation ends the walk, except one comma right before the name
(`laporan media pemerintah Lebanon, National News Agency`) and, for a name
that is not ambiguous, a list of other sources (`Dikutip dari Electrec, CNN,
dan Reuters`). Speech verbs (`kata`, `ujar`) do not cue an ambiguous name.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re
from typing import Any

from analytics.errors import UserError
from analytics.tomllines import TomlLines, read_toml

# Calibrated on the corpora: the widest real gaps are 5 tokens before
# (`diterbitkan oleh kantor berita milik pemerintah KorutKCNA`, `Dikutip dari
# Electrec, CNN, dan Reuters`) and 3 after (`the official Tass news agency
# reported`, `Xinhua news agency said on`).
MAX_GAP_BEFORE = 5
MAX_GAP_AFTER = 4
# In scripts without spaces: the clause after the name is read up to its first stop, at most this
# far (the widest real one: `韩联社以多名韩国政府和军方人员为消息源报道`, 21 characters to its verb's end).
GLUED_CLAUSE_CHARS = 24
# Korean spaces its words and ends its clause with the verb (`조선중앙통신은 17일 김정은 국무위원장이
# 시험발사를 참관했다고 보도했다`): the same clause takes more characters.
HANGUL_CLAUSE_CHARS = 60
CLAUSE_STOPS = re.compile(r"[，。；！？,.;!?\n]")
MAX_ASIDE = 8  # words of an aside between the name and its verb: `IRNA, in a report received in London, said`
WINDOW_CHARS = 120  # text read on each side: enough for the gaps above with long words

# Words, numbers, blank lines and punctuation; AG News's `\` line joins are spacing.
TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+|\n[^\S\n]*\n|[^\w\s\\]")

LANG_PATTERN = re.compile(r"^[a-z]{2,3}$")
KINDS = ("before", "speech", "after", "participles", "agency_words", "time_words", "list_words")
DEFAULT_PATH = pathlib.Path(__file__).with_name("cues.toml")


class CueError(UserError):
    """A cue table that cannot be used; the message names the file and line."""


@dataclasses.dataclass(frozen=True)
class Cues:
    """The cue phrases of every language, in the forms the walks read them."""

    before: tuple[tuple[str, ...], ...]  # longest first
    speech: frozenset[tuple[str, ...]]
    after: frozenset[str]
    participles: frozenset[str]
    agency_words: frozenset[str]
    time_words: frozenset[str]
    list_words: frozenset[str]
    by_last_word: dict[str, tuple[tuple[str, ...], ...]]  # the cues that can end at a given word, longest first
    # Phrases in scripts written without spaces (`据`, `报道`, `에 따르면`, `によると`), matched as characters
    glued_before: tuple[str, ...] = ()  # longest first
    glued_after: re.Pattern[str] | None = None  # any of them
    glued_gap: tuple[str, ...] = ()  # agency words between a cue and the name: `据日本共同社`

    @classmethod
    def of(cls, phrases: dict[str, set[str]]) -> Cues:
        """The cues of the phrases of each kind (lists merged over every language); a phrase in
        a script written without spaces is matched as characters glued to the name."""
        glued = {kind: sorted((p for p in phrases[kind] if glued_script(p)), key=len, reverse=True) for kind in KINDS}
        phrases = {kind: {p for p in phrases[kind] if not glued_script(p)} for kind in KINDS}
        speech = {tuple(p.lower().split()) for p in phrases["speech"]}
        before = tuple(sorted({tuple(p.lower().split()) for p in phrases["before"]} | speech, key=len, reverse=True))
        words = {kind: frozenset(p.lower() for p in phrases[kind]) for kind in KINDS[2:]}
        by_last = {last: tuple(c for c in before if c[-1] == last) for last in {c[-1] for c in before}}
        return cls(
            before,
            frozenset(speech),
            by_last_word=by_last,
            glued_before=tuple(glued["before"] + glued["speech"]),
            glued_after=re.compile("|".join(map(re.escape, glued["after"]))) if glued["after"] else None,
            glued_gap=tuple(glued["agency_words"]),
            **words,
        )

    def cue_before(self, text: str, start: int, *, strict: bool) -> int | None:
        """The number of gap words between a citation cue and the name at `start`, or None."""
        if glued_script(text[start]):
            return self._glued_before(text, start)
        return cue_before(self, text, start, strict=strict)

    def verb_after(self, text: str, end: int) -> bool:
        """Whether a reporting verb follows the name ending at `end`."""
        if glued_script(text[end - 1]):
            reach = HANGUL_CLAUSE_CHARS if "\uac00" <= text[end - 1] <= "\ud7af" else GLUED_CLAUSE_CHARS
            clause = text[end : end + reach]
            stop = CLAUSE_STOPS.search(clause)
            clause = clause[: stop.start()] if stop else clause
            return self.glued_after is not None and self.glued_after.search(clause) is not None
        return verb_after(self, text, end)

    def _glued_before(self, text: str, start: int) -> int | None:
        """Gap words between a glued cue and the name (`据韩联社` 0, `据日本共同社` 1), or None."""
        head = text[max(0, start - WINDOW_CHARS) : start]
        for gap in range(MAX_GAP_BEFORE + 1):
            if head.endswith(self.glued_before):
                return gap
            if not head.endswith(self.glued_gap):
                return None
            word = next(w for w in self.glued_gap if head.endswith(w))  # (the longest first)
            head = head[: -len(word)]
        return None


_GLUED_RANGES = ((0x3040, 0x30FF), (0x3400, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF))  # kana, CJK, Hangul
# A character of a script written without spaces: `GLUED_CHAR.match(text, index)` tells whether text[index] is one.
GLUED_CHAR = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _GLUED_RANGES) + "]")


def glued_script(text: str) -> bool:
    """Whether the text holds a character of a script written without spaces between words
    (CJK, kana; Hangul too, whose particles glue to the name: `연합뉴스에 따르면`)."""
    return not text.isascii() and GLUED_CHAR.search(text) is not None


# The letters of a script that one language alone writes, by language: Japanese text always holds
# kana, Korean text Hangul; Chinese text neither (but its `・` name dot, U+30FB, is in the katakana
# block, like the long-vowel mark `ー` it also writes for a dash: both are left out). An alias
# `only_in_lang` counts only in such text. (One range each: the search for it is a third faster than for two.)
LANG_SCRIPT_RANGES = {
    "ja": (0x3041, 0x30FA),  # hiragana and katakana, with their voicing and iteration marks
    "ko": (0xAC00, 0xD7A3),  # Hangul syllables
}
_LANG_SCRIPT_CHAR = {lang: re.compile(f"[{chr(low)}-{chr(high)}]") for lang, (low, high) in LANG_SCRIPT_RANGES.items()}


def writes_lang_script(text: str, lang: str) -> bool:
    """Whether the text holds a letter of the script that the language alone writes (see
    LANG_SCRIPT_RANGES: `ja` or `ko`)."""
    return not text.isascii() and _LANG_SCRIPT_CHAR[lang].search(text) is not None


def load_cues(tables: list[tuple[TomlLines, dict[str, Any]]]) -> Cues:
    """The shipped cues with the `[cues.<lang>]` tables of each (file, parsed `cues` value) added."""
    data, lines = read_toml(DEFAULT_PATH, what="cue file", error=CueError)
    for key in data.keys() - {"cues"}:
        raise CueError(f"{lines.where(key=key)}: unknown top-level key '{key}' (expected [cues.<lang>] tables)")
    phrases: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for file_lines, table in [(lines, data.get("cues", {})), *tables]:
        _add(phrases, table, file_lines)
    return Cues.of(phrases)


def _add(phrases: dict[str, set[str]], table: Any, lines: TomlLines) -> None:
    """Validate one file's `cues` value and add its phrases."""
    if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
        place = lines.where(("cues",)) if lines.line(("cues",)) else lines.where(key="cues")  # `[cues]` or `cues =`
        raise CueError(f"{place}: 'cues' must hold tables like [cues.en]")
    for lang, entry in table.items():
        where = ("cues", lang)
        if not LANG_PATTERN.match(lang):
            raise CueError(f"{lines.where(where)}: cues '{lang}': a language is an ISO 639 code like 'en'")
        for key, value in entry.items():
            if key not in KINDS:
                raise CueError(
                    f"{lines.where(where, key)}: cues '{lang}': unknown key '{key}' (expected one of: {', '.join(KINDS)})"
                )
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise CueError(f"{lines.where(where, key)}: cues '{lang}': '{key}' must be a list of non-empty strings")
            phrases[key].update(" ".join(v.split()) for v in value)


def cue_before(cues: Cues, text: str, start: int, *, strict: bool) -> int | None:
    """The number of gap words between a citation cue and the name at `start`, or None."""
    window = max(0, start - WINDOW_CHARS)
    if _blank_line_before(text, window, start):
        return None
    tokens = TOKEN.findall(text, window, start)
    if start > WINDOW_CHARS:
        tokens = tokens[1:]  # cut by the window
    end = len(tokens)
    if end and tokens[-1] == ",":
        end -= 1
    for gap in range(MAX_GAP_BEFORE + 1):
        for cue in cues.by_last_word.get(tokens[end - 1].lower(), ()) if end else ():
            if end >= len(cue) and tuple(t.lower() for t in tokens[end - len(cue) : end]) == cue:
                return None if strict and cue in cues.speech else gap
        if end >= 3 and tokens[end - 1] == ")" and tokens[end - 3] == "(" and tokens[end - 2].isupper():
            end -= 3  # another source's acronym: `Dilansir dari Saudi Press Agency (SPA) dan Reuters`
            continue
        if end == 0 or not _gap_word(cues, tokens[end - 1], strict):
            return None
        end -= 1
    return None


def verb_after(cues: Cues, text: str, end: int) -> bool:
    """Whether a reporting verb follows the name ending at `end` (`Tass news agency reported`,
    `IRNA, monitored by the British Broadcasting Corp, said`)."""
    tokens = TOKEN.findall(text[end : end + WINDOW_CHARS])
    index = 0
    if tokens[:1] == [")"]:
        index = 1  # `Kantor Berita Pusat Korea (KCNA) melaporkan`
    elif tokens[:1] == ["("] and tokens[2:3] == [")"]:
        index = 3  # `Gulf News Agency (GNA) said`
    if tokens[index : index + 1] == [","]:
        reach = min(len(tokens), index + MAX_ASIDE + 2)
        closing = next((i for i in range(index + 1, reach) if tokens[i] in ",.;"), None)
        if tokens[index + 1 : index + 2] and tokens[index + 1].lower() in cues.participles:
            return True  # `IRNA, quoting ...`; but in `questions from Reuters, said` the verb is not its own
        if closing is None or tokens[closing] != ",":
            return False
        index = closing + 1
    for _ in range(MAX_GAP_AFTER + 1):
        if index >= len(tokens):
            return False
        word = tokens[index].lower()
        if word in cues.after:
            return True
        if word not in cues.agency_words and word not in cues.time_words:
            return False
        index += 1
    return False


def _blank_line_before(text: str, window: int, start: int) -> bool:
    """Whether the whitespace right before the name holds a blank line (a sign-off on its own
    line). Its last token is then a blank line, neither a cue nor a gap word: the walk ends there
    before it starts, and the words before it need not be read."""
    head = text[window:start]
    return head.count("\n", len(head.rstrip())) >= 2


def _gap_word(cues: Cues, token: str, strict: bool) -> bool:
    if token.lower() in cues.agency_words:
        return True
    if strict:
        return False
    # other sources listed before it: `Dikutip dari Electrec, CNN, dan Reuters`
    return (token[0].isupper() and token[0].isalpha()) or token.lower() in cues.list_words
