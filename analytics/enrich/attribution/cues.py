"""Citation cues: the words around an agency name that attribute a statement to it.

English and Indonesian, taken from the phrasings in the corpora (see their
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

import re

# Calibrated on the corpora: the widest real gaps are 5 tokens before
# (`diterbitkan oleh kantor berita milik pemerintah KorutKCNA`, `Dikutip dari
# Electrec, CNN, dan Reuters`) and 3 after (`the official Tass news agency
# reported`, `Xinhua news agency said on`).
MAX_GAP_BEFORE = 5
MAX_GAP_AFTER = 4
MAX_ASIDE = 8  # words of an aside between the name and its verb: `IRNA, in a report received in London, said`
WINDOW_CHARS = 120  # text read on each side: enough for the gaps above with long words

# Words, numbers, blank lines and punctuation; AG News's `\` line joins are spacing.
TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+|\n[^\S\n]*\n|[^\w\s\\]")

_BEFORE_EN = """
according to | told | tells | telling | tell | quoted by | cited by | reported by | carried by | published by
| broadcast by | compiled by | quoted as saying by | cited as saying by | as saying by | via | citing | quoting
| interview with | interviewed by | polled by | surveyed by | contacted by | speaking to | spoke to | talking to
| talked to | confirmed to | said | says | reported | reports | report by | report from | reports from
| dispatch from | statement carried by | seen by | reviewed by | obtained by | verified by | based on
| revealed to | disclosed to | made available to | survey by | poll by | queried by | asked by
"""
_BEFORE_ID = """
tulis | sebut | lapor | menurut | demikian | dilansir | melansir | lansir | dilansir dari | melansir dari
| dikutip | dikutip dari | mengutip | mengutip dari | kutip | dinukil dari | menukil | disitat dari | menyitat
| dilaporkan | dilaporkan oleh | diberitakan | diberitakan oleh | memberitakan | laporan | kepada | disurvei oleh
| diterbitkan oleh | disiarkan oleh | dirilis oleh | dikutip oleh | dilansir oleh | diwawancarai oleh
| wawancara dengan | dikonfirmasi oleh | bersumber dari | berdasarkan | dilihat oleh | ditinjau oleh
| diperoleh oleh | diverifikasi oleh | dipastikan oleh | jajak pendapat | survei
| laporan dari | data dari | informasi dari | keterangan dari
"""
# Verbs of a person speaking (`kata Kantor Berita Pusat Korea`, `imbuh Associated Press`):
# before an ambiguous name they more often introduce a person (`kata AP`, a suspect's initials).
_SPEECH_ID = "kata | ujar | ucap | tutur | ungkap | imbuh | terang"
SPEECH_CUES = frozenset(tuple(p.split()) for p in _SPEECH_ID.split("|"))
CUES_BEFORE = tuple(
    sorted(
        {tuple(cue.split()) for group in (_BEFORE_EN, _BEFORE_ID, _SPEECH_ID) for cue in group.split("|")},
        key=len,
        reverse=True,
    )
)
# The cues by their last word, longest first: the only ones that can end at a given word.
CUES_BY_LAST_WORD = {
    last: tuple(cue for cue in CUES_BEFORE if cue[-1] == last) for last in {cue[-1] for cue in CUES_BEFORE}
}
# Reporting verbs after the name, and the agency's own polls (`a Reuters poll`, `AP poll`).
VERBS_AFTER = frozenset(
    """
    said says say reported reports reporting quoted quoting cited citing added stated wrote writes
    announced learned confirmed poll polls survey tally calculations
    melaporkan memberitakan mengabarkan menyebutkan menyebut menulis mengatakan menyatakan mewartakan
    merilis melansir mengutip mengungkap mengungkapkan membahas mengulas mengulasnya menyoroti
    mencatat mencatatkan
    """.split()
)
PARTICIPLES = frozenset({"quoting", "citing", "reporting", "mengutip"})
# Words that may stand between a cue and the name, or the name and its verb.
AGENCY_WORDS = frozenset(
    """
    the a an its official state state-run state-owned state-controlled government government-run
    government-controlled semi-official national news agency agencies wire service newswire media outlet
    report reports dispatch reporter reporters correspondent data poll survey analysis
    kantor berita resmi milik pemerintah negara laman situs portal akun laporan wartawan koresponden
    pemberitaan survei analisis jajak pendapat ulasan artikel
    """.split()
)
LIST_WORDS = frozenset({",", "dan", "and", "serta", "&"})
TIME_WORDS = frozenset(
    """
    on today yesterday tonight earlier later late early last this morning evening night also has had is was
    monday tuesday wednesday thursday friday saturday sunday
    pada hari ini kemarin senin selasa rabu kamis jumat sabtu minggu pagi siang sore malam juga yang
    """.split()
)


def cue_before(text: str, start: int, *, strict: bool) -> int | None:
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
        for cue in CUES_BY_LAST_WORD.get(tokens[end - 1].lower(), ()) if end else ():
            if end >= len(cue) and tuple(t.lower() for t in tokens[end - len(cue) : end]) == cue:
                return None if strict and cue in SPEECH_CUES else gap
        if end >= 3 and tokens[end - 1] == ")" and tokens[end - 3] == "(" and tokens[end - 2].isupper():
            end -= 3  # another source's acronym: `Dilansir dari Saudi Press Agency (SPA) dan Reuters`
            continue
        if end == 0 or not _gap_word(tokens[end - 1], strict):
            return None
        end -= 1
    return None


def verb_after(text: str, end: int) -> bool:
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
        if tokens[index + 1 : index + 2] and tokens[index + 1].lower() in PARTICIPLES:
            return True  # `IRNA, quoting ...`; but in `questions from Reuters, said` the verb is not its own
        if closing is None or tokens[closing] != ",":
            return False
        index = closing + 1
    for _ in range(MAX_GAP_AFTER + 1):
        if index >= len(tokens):
            return False
        word = tokens[index].lower()
        if word in VERBS_AFTER:
            return True
        if word not in AGENCY_WORDS and word not in TIME_WORDS:
            return False
        index += 1
    return False


def _blank_line_before(text: str, window: int, start: int) -> bool:
    """Whether the whitespace right before the name holds a blank line (a sign-off on its own
    line). Its last token is then a blank line, neither a cue nor a gap word: the walk ends there
    before it starts, and the words before it need not be read."""
    head = text[window:start]
    return head.count("\n", len(head.rstrip())) >= 2


def _gap_word(token: str, strict: bool) -> bool:
    if token.lower() in AGENCY_WORDS:
        return True
    if strict:
        return False
    # other sources listed before it: `Dikutip dari Electrec, CNN, dan Reuters`
    return (token[0].isupper() and token[0].isalpha()) or token.lower() in LIST_WORDS
