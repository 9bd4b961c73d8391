"""Derived keywords for articles that carry no editor tags.

The idea is YAKE's (Campos et al., 2020): score words by statistics of the one
document, with no corpus model, then score 1–3-word phrases from their words.
The real `yake` package costs about 9 ms per Indonesian article; ingest needs
thousands per second, so this is a lean re-implementation of its features:

- frequency      how often the word occurs, against the document's mean and spread
                 (title occurrences count TITLE_WEIGHT times)
- spread         in how many sentences it occurs (estimated as its count, at most
                 the number of sentences)
- position       the sentence it first occurs in (the title is sentence 0; a body
                 sentence is estimated from the token position and the mean sentence length)
- capitalisation how often it is capitalised where a sentence start does not force it
- relatedness    how many different words stand beside it: a word that goes with
                 everything (a verb, a generic noun) is less of a topic

A word's weight is YAKE's `H = WPos * WRel / (WCase + WFreq/WRel + WSpread/WRel)`
(lower is better); a phrase scores `prod(H) / (tf * (1 + sum(H)))` over its words.

Candidates never cross punctuation or a sentence end, never start or end with a stop
word (only name particles such as `of`, `de`, `bin` may stand inside), and never hold
a number-only token, a URL or domain, an outlet name, a wire-agency credit or a word a
scraper glued together where it lost a space (`Korea Utaracukup`: `glued_words`). A
phrase must be seen twice, or be written as a name (every word capitalised); a single
word must be seen twice or be capitalised inside a sentence (words seen once, in the
title only, come last). A phrase that repeats a better one (`sandiaga` under `sandiaga
uno`), shares two words with it or continues it is skipped. A body's opening dateline
(`Liputan6.com, Jakarta -`, `SRAGEN UPDATE -`, `PEKING, March 1 -`) is not read.

Speed: `make install` builds this module's per-article core in C (`_keywords.c`, setup.py; `BUILD`
says which runs) where a C compiler is at hand: some 7 times faster than this module as plain Python
(`benchmarks.same_keywords`, 2026-12-06 at load 5.4: 69 against 512 µs of CPU per Indonesian RSS
article, 25 against 151 over all the shared corpora). The C core follows `extract` step by
step over the article's text as one array of code points: tokens are spans of it, words are ids in a
hash table of their keys, their classes come from a table of its own (`WordClasses.flags`, which
`WordClasses.learn` fills), and Python strings are made only for new words and the keywords returned;
the pieces of text TOKEN splits in ways the C scan does not follow (`Jum'at`, `KOMPAS.com`, letters
beyond ASCII) go to TOKEN itself. As plain Python, tokens come from the regular expression, a `Counter`
counts them, the words' classes are cached sets across calls (per stop-word language set) intersected
with the article's distinct words, and the loop over occurrences runs only over words that can matter
(seen twice, or in the title or lead).

Stop words come from `stopwordsiso` (`id`, `en`; both for any other or unknown
language), corrected where the ISO list is wrong for news (its English list holds
topic words such as `fire`, `computer`, `interest`, `microsoft` and every two-letter
country code, so `UN` and `UK` would vanish) and extended with news filler that both
lists lack (weekdays, months, units, verbs of saying). Indonesian `me-/di-...-kan` verbs
and `-nya` forms are never keywords.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from itertools import compress
from types import ModuleType
from typing import Final, Protocol, cast

import stopwordsiso

# How many keywords an article gets by default (tags.tags_of).
KEYWORD_COUNT: Final = 5
# Only the head of a very long body is read: topics are set early, and this bounds
# the cost of the rare 20,000-character scrape (median Indonesian body: 1,500).
MAX_BODY_CHARS: Final = 8_000
# Title occurrences count this many times in a word's or phrase's frequency.
TITLE_WEIGHT: Final = 2
# A multi-word phrase must be seen at least this often (title and body together).
MIN_PHRASE_TF: Final = 2
# Words among the body's first LEAD_WORDS tokens are scored even when seen once
# (short texts such as AG News items are mostly lead).
LEAD_WORDS: Final = 40
# Shortest candidate word. YAKE drops words under three letters; two are kept here for
# acronyms and name parts (`UN Command`, `Kim Jong Un`, `HP Android`), with the common
# two-letter filler listed in EXTRA_STOP_WORDS. Single letters may only stand inside a phrase.
MIN_WORD_CHARS: Final = 2
# A word a scraper glued together (`Utaracukup`, `Unreceived`: `glued_words`) splits into a
# head of at least GLUE_HEAD_CHARS letters (`Un`) and a tail of at least GLUE_TAIL_CHARS; a tail
# is an inflection of a word of the text when their first GLUE_STEM_CHARS letters are the same.
GLUE_HEAD_CHARS: Final = 2
GLUE_TAIL_CHARS: Final = 3
GLUE_STEM_CHARS: Final = 5
# Heads and tails that make words rather than glue them: Indonesian affixes (`Ke|lurahan`,
# `Anti|dumping`, `Area|nya`, `Bantu|kan`); a stop word (`di`, `ke`, `se`) is never a head either.
GLUE_NOT_HEADS: Final = frozenset("anti antar non pasca pra multi super".split())
GLUE_NOT_TAILS: Final = frozenset("nya kan an lah kah tah pun".split())

LANGUAGES = ("id", "en")

# stopwordsiso's English list holds news topics, company names and every two-letter country
# code; these stay keywords.
NOT_STOP_WORDS = frozenset(
    """
    bill computer fire interest interests microsoft netscape novel oil research state states world
    test system value member members problem problems home information million billion trillion war
    un uk eu ai pc tv
    """.split()
)

# News filler missing from stopwordsiso, found by reading the keywords of the
# Indonesian and English corpora: weekday and month names (datelines), units that
# follow numbers, verbs of saying and reporting, photo and video credit words.
EXTRA_STOP_WORDS = {
    "id": """
        senin selasa rabu kamis jumat jum'at sabtu minggu ahad
        januari februari maret april mei juni juli agustus september oktober november desember
        jan feb mar apr jun jul agu ags agt sep sept okt nov nop des
        pagi siang sore malam kemarin besok lusa pekan tanggal tgl wib wita wit
        rp usd idr juta ribu miliar milyar triliun persen meter orang unit buah kali
        ujar ujarnya kata katanya tutur tuturnya jelas jelasnya terang terangnya imbuh imbuhnya
        tambah tambahnya ungkap ungkapnya sebut sebutnya lanjut lanjutnya tegas tegasnya
        dikutip mengutip dilansir melansir dihimpun menurutnya kepadanya dirinya pihaknya
        berikut yuk nya sih deh dong kok lho foto video dok istimewa simak
        menilai mengaku berharap meminta mengatakan menyebutkan menjelaskan dilakukan melakukan
        terkait salah
        pt tbk ya vs km kg cm mm nm kw cc no dr jl st si bu ii iii iv vi vii viii
        of on to by in up my is it at an be we or the and for with from
        gak nggak ga aja banget udah kayak bikin langsung
        """,
    "en": """
        monday tuesday wednesday thursday friday saturday sunday
        january february march april may june july august september october november december
        jan feb mar apr jun jul aug sep sept oct nov dec
        mln dlrs pct cts shr qtr inc corp ltd plc percent told added noted reported stated
        mr mrs ms dr jr st co vs ii iii iv vi comrade comrades respected
        """,
}

# Outlet names and wire credits (who wrote the text, not what it is about), the outlets'
# streaming-platform plugs, and markup left in scraped text (`&quot;`, `<a href=...>`).
BOILERPLATE_WORDS: Final = frozenset(
    """
    reuters reuter ap afp kcna xinhua yonhap kyodo bernama upi dpa
    detikcom liputan6 okezone tribunnews sindonews kapanlagi posmetro vidio
    quot amp lt gt nbsp href http https www html
    """.split()
)
# Domains (`kompas.com`, `republika.co.id`) are outlets or links, never topics.
DOMAIN_ENDINGS: Final = (".com", ".co", ".id", ".net", ".org", ".tv", ".news")

# A body's opening dateline: `Liputan6.com, Jakarta -`, `JAKARTA, KOMPAS.com -`,
# `TEMPO.CO,Jakarta-`, `REPUBLIKA.CO.ID, CIREBON--`, `SRAGEN UPDATE -`,
# `Pyongyang, January 2 (KCNA) --`, `PEKING, March 1 -`, `AP -`, `NEW YORK (Reuters) -`.
_DOMAIN = r"[A-Za-z0-9][\w-]*(?:\.[A-Za-z]{2,4}){1,2}"
_CAPS_WORDS = r"[A-Z][\w'’.&]*(?:[ \t]+(?:[A-Z][\w'’.&]*|\d{1,2}))*"
_DATELINE_PART = rf"(?:{_DOMAIN}|{_CAPS_WORDS})"
DATELINE: Final = re.compile(
    rf"\s*{_DATELINE_PART}(?:\s*,\s*{_DATELINE_PART}){{0,3}}(?:\s*\([^()\n]{{1,30}}\))?\s*[-–—]{{1,3}}\s*"
)
# Liputan6 loses the dash and the space: `Liputan6.com, JakartaKita semua ...`.
GLUED_DATELINE: Final = re.compile(rf"\s*{_DOMAIN}\s*,\s*[A-Z][a-z]+(?=[A-Z])")
DATELINE_MAX_CHARS: Final = 80

URL: Final = re.compile(r"https?://\S+|www\.\S+")
HANDLE: Final = re.compile(r"@\w+")
EDITOR_CODE: Final = re.compile(r"\(\s*[a-z]{2,4}\s*/\s*[a-z]{2,4}\s*\)")  # detik `(ara/ara)`
# Real names written in camel case: never split at their inner capital (see TOKEN).
CAMEL_NAMES = (
    "WhatsApp",
    "TransJakarta",
    "ShopeeFood",
    "ShopeePay",
    "BlackBerry",
    "PlayStation",
    "PowerPoint",
    "SoundCloud",
    "MasterCard",
    "GrabFood",
    "GrabBike",
    "GrabCar",
    "JavaScript",
    "FreeBuds",
    "SharpLink",
    "CryptoQuant",
    "CryptoSlam",
    "LinkedIn",
)
# The capitalised words they start with (each name starts with one, so the match is never None).
CAMEL_HEADS: Final = frozenset(cast(re.Match[str], re.match(r"[A-Z][a-z]+", name))[0] for name in CAMEL_NAMES)
_CAMEL_HEADS = "".join(f"(?<!{head})" for head in sorted(CAMEL_HEADS))
# Tokens, in one pass:
# - detik channel names (`detikNews`, `20detik`) whole, to be dropped;
# - the left part of words glued where a link or span lost its spaces (`mengutip|CNBC`,
#   `by|Kim`, `Comrade|Kim`, `Jakarta|Dalam`): two lower-case letters before a capital, or a
#   capital and four (`BankAmerica`, `SoftBank` stay whole; `DaimlerChrysler` is split),
#   except in CAMEL_NAMES;
# - words with inner hyphens and apostrophes (`Covid-19`, `Jum'at`; not an English `'s`), numbers with separators
#   (`5.000`, `73,6`) and domains (`KOMPAS.com`, `REPUBLIKA.CO.ID`) as one token each;
# - each punctuation mark, and a line break that ends a paragraph (a blank line follows):
#   a single line break is a wrap (Reuters, PROVENANCE examples), not a sentence end.
# Two parts only save time (the tokens are the same without them): one match takes the spaces
# before its token (the group) instead of a search failing at each of them, and the look-behind
# starts that at the first space of a run only, so that a run ending in no token is not read
# again from each of its spaces; the first branch takes the common token, a plain word (ASCII
# letters, at most an initial capital, nothing glued on), at once.
TOKEN: Final = re.compile(
    r"(?<! ) *+("
    r"[A-Za-z][a-z]*+(?![\w'’.,-])"
    r"|\d*detik\w*"
    r"|[a-z]{2,}+(?=[A-Z])"
    rf"|[A-Z][a-z]{{4,}}+(?=[A-Z]){_CAMEL_HEADS}"
    r"|\w+(?:['’](?![sS]\b)\w+|-\w+|[.,]\d+|\.(?i:com|co|id|net|org|tv)\b)*"
    r"|[^\w\s]|\n(?=[^\S\n]*\n)"
    r")"
)
# Name particles and `of`: inside a phrase (`Bank of America`, `Frenkie de Jong`) or at its
# start (`Al Ghazali`), never at its end nor alone. Other stop words end a candidate:
# `Korea Utara dan China` is two topics.
INNER_WORDS: Final = frozenset("of de da del der van von bin binti al el la le du".split())
# Indonesian forms that are verbs or possessives, not topics: `me-/di-/ber-/ter-/per-...-kan`
# (`mengatakan`, `diberlakukan`) and `...nya` (`harganya`, `infonya`). Inside a phrase only.
ID_AFFIXED: Final = re.compile(r"(?:me|di|ber|ter|per)\w{2,}kan(?:nya)?$|\w{3,}nya$")
SENTENCE_ENDS: Final = frozenset({".", "!", "?", "…", "\n"})
_HAS_LETTER: Final = re.compile(r"[^\W\d_]")

# Word classes: bit flags of a lower-case word, for one set of stop-word languages.
CANDIDATE: Final = 1  # may be a keyword: a word of two letters or more, no stop word, number, domain or outlet name
JOINER: Final = 2  # may sit inside a phrase only: a single letter (`Galaxy Z Fold`) or one of INNER_WORDS
INNER: Final = 4  # one of INNER_WORDS
SENTENCE_END: Final = 8  # one of SENTENCE_ENDS
# The classes of the words seen, per language set, cached across calls; words remembered before the
# caches restart (all shared corpora together hold about 120,000 distinct tokens; the caches then take some 20 MB).
CLASS_CACHE_LIMIT: Final = 200_000
# A word seen more often than this is scored wherever it stands (ONCE.__lt__ tests a count in C).
ONCE: Final = 1


class FlagTable(Protocol):
    """Words and their class flags: a dict, or the C core's own table (`_keywords.Flags`)."""

    def __len__(self) -> int: ...
    def __contains__(self, word: object) -> bool: ...
    def __setitem__(self, word: str, flags: int) -> None: ...


class WordClasses:
    """The words seen so far in texts of the stop-word languages `codes`: their flags (which the C
    core reads) and, for the plain-Python extractor, the candidates and joiners as sets (an article's
    are set intersections with its distinct keys)."""

    def __init__(self, codes: tuple[str, ...]) -> None:
        self.codes = codes
        self.flags: FlagTable = {} if _core is None else _core.Flags()
        self.candidates: set[str] = set()
        self.joiners: set[str] = set()

    def learn(self, words: set[str]) -> None:
        """Classify `words` (lower-case keys not seen before)."""
        for word in words:
            flags = _word_class(word, self.codes)
            self.flags[word] = (
                flags | (INNER if word in INNER_WORDS else 0) | (SENTENCE_END if word in SENTENCE_ENDS else 0)
            )
            if _core is None:
                if flags & CANDIDATE:
                    self.candidates.add(word)
                if flags & JOINER:
                    self.joiners.add(word)


_CLASSES: dict[tuple[str, ...], WordClasses] = {}


def languages(language: str | None) -> tuple[str, ...]:
    """The stop-word languages used for `language`: itself when known (`id`, `en`, `en-US`), else all."""
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    return (code,) if code in LANGUAGES else LANGUAGES


def stop_words(language: str | None) -> frozenset[str]:
    """Lower-case stop words of `language` (`id`, `en`); both lists for any other or None."""
    return _stop_words(languages(language))


@functools.cache
def _stop_words(codes: tuple[str, ...]) -> frozenset[str]:
    words: set[str] = set()
    for code in codes:
        words |= {w.lower() for w in stopwordsiso.stopwords(code)}
        words |= set(EXTRA_STOP_WORDS[code].split())
    return frozenset(words - NOT_STOP_WORDS)


def extract(title: str | None, body: str | None, language: str | None, *, top: int) -> list[str]:
    """Up to `top` keywords of the article, best first, each spelled as the text
    spells it inside sentences (lower case when only a sentence start capitalises it)."""
    if top <= 0:
        return []
    title_text = _prepare(title or "", dateline=False)
    if title_text.isupper():  # `BAHIA COCOA REVIEW`
        title_text = title_text.lower()
    body_text = _prepare((body or "")[:MAX_BODY_CHARS], dateline=True)
    codes = languages(language)
    classes = _word_classes(codes)
    if _core is not None:
        return _core.extract(title_text, body_text, top, classes.flags, classes.learn, _stop_words(codes))
    tokens, keys = tokenize(title_text)
    n_title = len(tokens)
    body_tokens, body_keys = tokenize(body_text)
    tokens.append("\n")
    tokens += body_tokens
    keys.append("\n")
    keys += body_keys

    # Words by class: set operations over the distinct keys (a Counter counts them in C).
    counts = Counter(keys)
    if not all(map(classes.flags.__contains__, counts)):  # (most articles hold no new word: no set built)
        classes.learn({key for key in counts if key not in classes.flags})
    candidates = classes.candidates.intersection(counts)
    if not candidates:
        return []
    joiners = classes.joiners.intersection(counts)
    ordered = list(candidates)
    values = list(map(counts.__getitem__, ordered))  # the counts of the candidate words
    twice = set(compress(ordered, map(ONCE.__lt__, values)))
    once = candidates.intersection(keys[: n_title + 1 + LEAD_WORDS]) - twice  # seen once, in the title or lead
    scored = twice | once.difference(glued_words(once, counts, tokens, keys, _stop_words(codes)))
    keep = scored | joiners
    enders = scored - INNER_WORDS  # `Al Ghazali` may start with a particle, no phrase ends with one

    # One pass over the occurrences of scored words: first position, spelling where no
    # sentence start forces a capital, distinct neighbours, and the 2- and 3-word phrases
    # they start (YAKE's n = 3).
    keys.extend(("\n", "\n"))  # sentinels: keys[i + 2] and tokens[i + 2] always exist
    tokens.extend(("\n", "\n"))
    positions = list(compress(range(len(keys)), map(scored.__contains__, keys)))
    first: dict[str, int] = {}
    inner: dict[str, int] = dict.fromkeys(scored, 0)  # body occurrences not at a sentence start
    upper: dict[str, int] = dict.fromkeys(scored, 0)  # ... of which capitalised
    capitals: dict[str, dict[str, int]] = {}  # ... and how
    neighbours: dict[str, set[str]] = {}
    grams: dict[tuple[str, ...], int] = {}
    gram_at: dict[tuple[str, ...], int] = {}
    in_title: set[tuple[str, ...]] = set()
    named: set[tuple[str, ...]] = set()  # seen with every word capitalised inside a body sentence: a name
    for i in positions:
        key = keys[i]
        if key not in first:
            first[key] = i
            neighbours[key] = {keys[i - 1], keys[i + 1]}
        else:
            near = neighbours[key]
            near.add(keys[i - 1])
            near.add(keys[i + 1])
        capital = False  # capitalised where no sentence start forces it
        if i > n_title and keys[i - 1] not in SENTENCE_ENDS:
            inner[key] += 1
            if tokens[i][0].isupper():
                capital = True
                upper[key] += 1
                forms = capitals.setdefault(key, {})
                forms[tokens[i]] = forms.get(tokens[i], 0) + 1
        second = keys[i + 1]
        if second not in keep:
            continue
        if second in enders:
            gram: tuple[str, ...] = (key, second)
            seen = grams.get(gram)
            if seen is None:
                grams[gram] = 1
                gram_at[gram] = i
            else:
                grams[gram] = seen + 1
            if i < n_title:
                in_title.add(gram)
            elif capital and tokens[i + 1][0].isupper():
                named.add(gram)
        third = keys[i + 2]
        if third in enders:
            gram = (key, second, third)
            seen = grams.get(gram)
            if seen is None:
                grams[gram] = 1
                gram_at[gram] = i
            else:
                grams[gram] = seen + 1
            if i < n_title:
                in_title.add(gram)
            elif capital and tokens[i + 2][0].isupper() and (second in joiners or tokens[i + 1][0].isupper()):
                named.add(gram)
    del keys[-2:], tokens[-2:]

    # Sentences: the title is sentence 0; a body word's sentence is estimated from its
    # token position and the mean sentence length (exact enough for a log-log weight).
    n_sentences = max(sum(counts[end] for end in SENTENCE_ENDS), 1)  # `counts` counted these keys
    tokens_per_sentence = max(len(keys) - n_title, 1) / n_sentences

    # Words: YAKE's weight. A single word stands as a keyword only when seen twice or
    # written as a name; a phrase only when seen MIN_PHRASE_TF times or written as a name.
    mean = sum(values) / len(values)
    deviation = math.sqrt(max(sum(v * v for v in values) / len(values) - mean * mean, 0.0))
    per_freq = 1.0 / (mean + deviation)
    per_sentence = 1.0 / n_sentences
    # YAKE's relatedness, 1 + (distinct left / tf + distinct right / tf) / 2 * tf / max tf,
    # with left and right neighbours counted together.
    per_neighbour = 1.0 / (2.0 * max(values))
    log = math.log
    title_position = log(log(3.0))
    weights: dict[str, float] = {}
    ranked: list[tuple[float, tuple[str, ...]]] = []
    title_only: list[tuple[float, tuple[str, ...]]] = []  # seen once, in the title: last resort
    for key in scored:
        raw = counts[key]
        position = first[key]
        if position < n_title:
            count = raw + TITLE_WEIGHT - 1
            w_pos = title_position
        else:
            count = raw
            w_pos = log(log(4.0 + (position - n_title) / tokens_per_sentence))
        w_rel = 1.0 + len(neighbours[key]) * per_neighbour
        w_case = upper[key] / (1.0 + log(count))
        h = weights[key] = w_pos * w_rel / (w_case + (count * per_freq + min(raw, n_sentences) * per_sentence) / w_rel)
        if key in INNER_WORDS:
            continue
        if raw > 1 or upper[key]:
            ranked.append((h / (count * (1.0 + h)), (key,)))
        elif position < n_title:
            title_only.append((h, (key,)))
    for gram, count in grams.items():
        if count >= MIN_PHRASE_TF or gram in named:
            if gram in in_title:
                count += TITLE_WEIGHT - 1
            product, total = 1.0, 0.0
            for key in gram:
                key_weight = weights.get(key)
                if key_weight is not None:
                    product *= key_weight
                    total += key_weight
            ranked.append((product / (count * (1.0 + total)), gram))
    ranked.sort()
    title_only.sort()
    ranked += title_only
    spelled = []
    for phrase in _best(ranked, top):
        at = gram_at.get(phrase, first[phrase[0]])
        spelled.append(
            " ".join(
                _spelling(tokens[first[key]], inner[key], upper[key], capitals.get(key))
                if key in first
                else tokens[at + n]
                for n, key in enumerate(phrase)
            )
        )
    return spelled


def tokenize(text: str) -> tuple[list[str], list[str]]:
    """`TOKEN.findall(text)` and the tokens lower-cased (their keys)."""
    if _core is not None:
        return _core.tokenize(text)
    tokens = TOKEN.findall(text)
    keys = "\x00".join(tokens).lower().split("\x00")
    if len(keys) != len(tokens):  # the text held a NUL character, now a token of its own
        keys = [t.lower() for t in tokens]
    return tokens, keys


def glued_words(
    words: set[str], counts: Counter[str], tokens: list[str], keys: list[str], lexicon: frozenset[str]
) -> set[str]:
    """The words of `words` (lower-case keys) that a scraper glued together where it lost a space:
    a capitalised word of the text (written on its own with a capital somewhere: a name) followed
    by a lower-case run that is a word too (`Korea Utara|cukup`, `Kim Jong Un|received`). `counts` counts the text's keys, `tokens` and `keys`
    are its tokens as written and lower-cased. A word is glued when it is seen once, is no word
    of the `lexicon` (the stop words), and splits (head of GLUE_HEAD_CHARS letters or more, tail
    of GLUE_TAIL_CHARS or more) into a head the text uses as a word of its own and a tail that is
    a lexicon word or a word of the text (or an inflection of one: the same first GLUE_STEM_CHARS
    letters, `received` beside the title's `Receives`): the text itself is the vocabulary. Affixes
    (GLUE_NOT_HEADS, GLUE_NOT_TAILS) and stop words as heads make words, not glue."""
    glued: set[str] = set()
    stems: set[str] | None = None
    for word in words:
        if counts[word] != 1 or word in lexicon or len(word) < GLUE_HEAD_CHARS + GLUE_TAIL_CHARS:
            continue
        for cut in range(GLUE_HEAD_CHARS, len(word) - GLUE_TAIL_CHARS + 1):
            head, tail = word[:cut], word[cut:]
            if head not in counts or head in lexicon or head in GLUE_NOT_HEADS:
                continue
            if tail in GLUE_NOT_TAILS or not tail.isalpha():
                continue
            if stems is None:  # the text's words by their first letters, built once a head is found
                stems = {key[:GLUE_STEM_CHARS] for key in counts if len(key) >= GLUE_STEM_CHARS and key.isalpha()}
            known = (
                tail in lexicon or tail in counts or (len(tail) >= GLUE_STEM_CHARS and tail[:GLUE_STEM_CHARS] in stems)
            )
            if known and _written_capitalised(word, tokens, keys) and _a_name(head, tokens, keys):
                glued.add(word)
                break
    return glued


def _written_capitalised(word: str, tokens: list[str], keys: list[str]) -> bool:
    """Whether the text writes `word` (a key) with a capital and then lower case only: `Utaracukup`."""
    written = tokens[keys.index(word)]
    return written[0].isupper() and written[1:].islower()


def _a_name(word: str, tokens: list[str], keys: list[str]) -> bool:
    """Whether the text writes `word` (a key) on its own with a capital somewhere: `Utara`, `Un`
    (`ton` and `sel`, written in lower case, make `Tonton` and `Selamat` no glue)."""
    return any(key == word and token[0].isupper() for token, key in zip(tokens, keys))


def _prepare(text: str, *, dateline: bool) -> str:
    """Drop an opening dateline (bodies only), URLs, @handles and detik editor codes."""
    if dateline:
        for _ in range(2):  # `SPACE.com - TORONTO, Canada -- A second ...`
            match = DATELINE.match(text, 0, DATELINE_MAX_CHARS) or GLUED_DATELINE.match(text, 0, DATELINE_MAX_CHARS)
            if not match:
                break
            text = text[match.end() :]
    if "://" in text or "www." in text:
        text = URL.sub(" . ", text)
    if "@" in text:
        text = HANDLE.sub(" . ", text)
    if "/" in text:
        text = EDITOR_CODE.sub(" . ", text)
    return text


def _word_classes(codes: tuple[str, ...]) -> WordClasses:
    """The class cache of a stop-word language set (all restart when together they outgrow CLASS_CACHE_LIMIT)."""
    if sum(len(classes.flags) for classes in _CLASSES.values()) > CLASS_CACHE_LIMIT:
        _CLASSES.clear()
    classes = _CLASSES.get(codes)
    if classes is None:
        classes = _CLASSES[codes] = WordClasses(codes)
    return classes


def _word_class(word: str, codes: tuple[str, ...]) -> int:
    """The class flags of a lower-case word in the stop-word languages `codes`."""
    flags = JOINER if word in INNER_WORDS else 0
    if word in _stop_words(codes):
        return flags
    if not _HAS_LETTER.search(word) or word in BOILERPLATE_WORDS or "detik" in word or word.endswith(DOMAIN_ENDINGS):
        return flags  # punctuation, numbers, domains, outlet names: break a phrase
    if len(word) < MIN_WORD_CHARS:
        return flags | JOINER
    if "id" in codes and ID_AFFIXED.match(word):
        return flags  # Indonesian verb and possessive forms
    return flags | CANDIDATE


def _best(ranked: list[tuple[float, tuple[str, ...]]], top: int) -> list[tuple[str, ...]]:
    """The best phrases, skipping any that repeats a better one (`sandiaga` under `sandiaga uno`),
    shares two words with it, or continues it (`pemimpin korea` beside `korea utara`: both
    are pieces of one run of words)."""
    chosen: list[tuple[str, ...]] = []
    padded_chosen: list[str] = []
    for _, phrase in ranked:
        padded = " " + " ".join(phrase) + " "
        if any(padded in other or other in padded for other in padded_chosen):
            continue
        if len(phrase) > 1 and any(
            len(other) > 1
            and (phrase[0] == other[-1] or phrase[-1] == other[0] or len(set(phrase).intersection(other)) >= 2)
            for other in chosen
        ):
            continue
        chosen.append(phrase)
        padded_chosen.append(padded)
        if len(chosen) == top:
            break
    return chosen


def _spelling(first_seen: str, inner: int, upper: int, capitals: dict[str, int] | None) -> str:
    """A word as the body writes it inside sentences: its most common capitalised form when
    at least half those occurrences are capitalised, else lower case; a word only the title
    or sentence starts show keeps the form it was first seen in."""
    if not inner:
        return first_seen
    if capitals and upper * 2 >= inner:
        return max(capitals, key=capitals.__getitem__)
    return first_seen.lower()


# The per-article core in C (_keywords.c: the same steps over token spans and word ids), built by
# `make install` where a C compiler is at hand (setup.py); without it `extract` runs the Python above.
try:
    from analytics.enrich import _keywords
except ImportError:  # not built: no C compiler, MEDIA_ANALYTICS_PURE=1 or a failed build at install
    _core: ModuleType | None = None
else:
    _keywords.configure(
        token=TOKEN,
        candidate=CANDIDATE,
        joiner=JOINER,
        inner=INNER,
        sentence_end=SENTENCE_END,
        title_weight=TITLE_WEIGHT,
        min_phrase_tf=MIN_PHRASE_TF,
        lead_words=LEAD_WORDS,
        glue_head_chars=GLUE_HEAD_CHARS,
        glue_tail_chars=GLUE_TAIL_CHARS,
        glue_stem_chars=GLUE_STEM_CHARS,
        glue_not_heads=GLUE_NOT_HEADS,
        glue_not_tails=GLUE_NOT_TAILS,
        camel_heads=CAMEL_HEADS,
    )
    _core = _keywords
# Which build runs (`make install` prints it).
BUILD: Final = "pure Python" if _core is None else "compiled (C)"
