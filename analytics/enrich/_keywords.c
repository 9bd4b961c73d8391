/* The per-article core of analytics/enrich/keywords.py in C: the same keywords, several times faster.

keywords.py is the definition (read it first: this file follows `extract`, `glued_words`, `_best` and
`_spelling` step by step, with their names) and the plain-Python fallback. It hands this module its
constants once (`configure`) and, per article, the prepared title and body, the word classes seen so far
(`WordClasses.flags`: a `Flags` table of this module, filled by `WordClasses.learn` for new words) and
the stop words.

Here the article's text is one array of code points, tokens are spans of it, words are ids in a hash
table of their keys (the lower-cased tokens), and phrases are tuples of ids: Python strings are made only
for new words, the few pieces TOKEN splits itself, and the keywords returned. Floating point follows the
Python code operation by operation (doubles, libm's log), and rankings compare as Python compares
(score, phrase) tuples, so ties resolve as there. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* ---- Configuration: keywords.py's constants, set once by configure() ---- */

static PyObject *token_findall;  /* TOKEN.findall */
static PyObject *glue_not_heads; /* GLUE_NOT_HEADS */
static PyObject *glue_not_tails; /* GLUE_NOT_TAILS */
static PyObject *camel_heads;    /* CAMEL_HEADS */
static PyObject *space;          /* " ", between the words of a phrase */
static long candidate_flag, joiner_flag, inner_flag, sentence_end_flag;
static Py_ssize_t title_weight, min_phrase_tf, lead_words, glue_head_chars, glue_tail_chars, glue_stem_chars;

/* ---- Hashing ---- */

#define FNV_OFFSET 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

/* Spreads a 64-bit hash over all its bits (MurmurHash3's finaliser), for the tables' low bits. */
static inline uint64_t mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static inline int is_ascii_upper(Py_UCS4 c) { return c >= 'A' && c <= 'Z'; }
static inline int is_ascii_lower(Py_UCS4 c) { return c >= 'a' && c <= 'z'; }
static inline int is_ascii_digit(Py_UCS4 c) { return c >= '0' && c <= '9'; }
static inline Py_UCS4 lower_ascii(Py_UCS4 c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

/* The hash of a word's characters, lower-cased in ASCII when `lower` (the same as the lower-cased word's). */
static inline uint64_t word_hash(const Py_UCS4 *chars, Py_ssize_t length, int lower) {
    uint64_t hash = FNV_OFFSET;
    for (Py_ssize_t i = 0; i < length; i++) hash = (hash ^ (lower ? lower_ascii(chars[i]) : chars[i])) * FNV_PRIME;
    return mix(hash);
}

/* Whether `chars` (lower-cased in ASCII when `lower`) are `word`'s. */
static inline int same_word(const Py_UCS4 *chars, Py_ssize_t length, int lower, const Py_UCS4 *word, Py_ssize_t word_length) {
    if (length != word_length) return 0;
    for (Py_ssize_t i = 0; i < length; i++)
        if ((lower ? lower_ascii(chars[i]) : chars[i]) != word[i]) return 0;
    return 1;
}

/* Room for twice `items` in an open-addressing table (which then never fills). */
static size_t table_size(Py_ssize_t items) {
    size_t size = 16;
    while (size < (size_t)items * 2) size *= 2;
    return size;
}

/* ---- Flags: the class flags of the words seen so far (WordClasses.flags), by their characters ---- */

typedef struct {
    uint64_t hash;
    Py_ssize_t start, length; /* the word's characters in Flags.chars; length -1 when the entry is empty */
    long flags;
} Entry;

typedef struct {
    PyObject_HEAD
    Entry *entries;
    size_t mask;
    Py_ssize_t size;
    Py_UCS4 *chars;
    Py_ssize_t n_chars, char_capacity;
} Flags;

static PyTypeObject FlagsType;

#define FIRST_ENTRIES 1024

static int flags_allocate(Flags *table, size_t size) {
    Entry *entries = PyMem_Malloc(size * sizeof(Entry));
    if (entries == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t at = 0; at < size; at++) entries[at].length = -1;
    Entry *old = table->entries;
    size_t old_size = old ? table->mask + 1 : 0;
    table->entries = entries;
    table->mask = size - 1;
    for (size_t at = 0; at < old_size; at++) {
        if (old[at].length < 0) continue;
        size_t slot = (size_t)old[at].hash & table->mask;
        while (entries[slot].length >= 0) slot = (slot + 1) & table->mask;
        entries[slot] = old[at];
    }
    PyMem_Free(old);
    return 0;
}

/* The entry of the word `chars`: its own, or the empty one where it would go. */
static Entry *flags_entry(Flags *table, uint64_t hash, const Py_UCS4 *chars, Py_ssize_t length, int lower) {
    size_t at = (size_t)hash & table->mask;
    for (;; at = (at + 1) & table->mask) {
        Entry *entry = &table->entries[at];
        if (entry->length < 0 ||
            (entry->hash == hash && same_word(chars, length, lower, table->chars + entry->start, entry->length)))
            return entry;
    }
}

static int flags_set(Flags *table, const Py_UCS4 *chars, Py_ssize_t length, long flags) {
    uint64_t hash = word_hash(chars, length, 0);
    Entry *entry = flags_entry(table, hash, chars, length, 0);
    if (entry->length >= 0) {
        entry->flags = flags;
        return 0;
    }
    if (table->n_chars + length > table->char_capacity) {
        Py_ssize_t capacity = (table->char_capacity + length) * 2;
        Py_UCS4 *grown = PyMem_Realloc(table->chars, capacity * sizeof(Py_UCS4));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        table->chars = grown;
        table->char_capacity = capacity;
    }
    memcpy(table->chars + table->n_chars, chars, length * sizeof(Py_UCS4));
    entry->hash = hash;
    entry->start = table->n_chars;
    entry->length = length;
    entry->flags = flags;
    table->n_chars += length;
    table->size++;
    if ((size_t)table->size * 2 > table->mask) return flags_allocate(table, (table->mask + 1) * 2);
    return 0;
}

static PyObject *flags_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    if (PyTuple_GET_SIZE(args) || (kwargs != NULL && PyDict_GET_SIZE(kwargs))) {
        PyErr_SetString(PyExc_TypeError, "Flags() takes no arguments");
        return NULL;
    }
    Flags *table = (Flags *)type->tp_alloc(type, 0);
    if (table != NULL && flags_allocate(table, FIRST_ENTRIES) < 0) Py_CLEAR(table);
    return (PyObject *)table;
}

static void flags_dealloc(Flags *table) {
    PyMem_Free(table->entries);
    PyMem_Free(table->chars);
    Py_TYPE(table)->tp_free((PyObject *)table);
}

/* The entry of the str `word` (its characters copied to *chars, to free), or NULL with an error. */
static Entry *flags_entry_of(Flags *table, PyObject *word, Py_UCS4 **chars) {
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "Flags holds str words");
        return NULL;
    }
    if ((*chars = PyUnicode_AsUCS4Copy(word)) == NULL) return NULL;
    Py_ssize_t length = PyUnicode_GET_LENGTH(word);
    return flags_entry(table, word_hash(*chars, length, 0), *chars, length, 0);
}

static Py_ssize_t flags_length(Flags *table) { return table->size; }

static int flags_contains(Flags *table, PyObject *word) {
    if (!PyUnicode_Check(word)) return 0;
    Py_UCS4 *chars;
    Entry *entry = flags_entry_of(table, word, &chars);
    if (entry == NULL) return -1;
    PyMem_Free(chars);
    return entry->length >= 0;
}

static PyObject *flags_get(Flags *table, PyObject *word) {
    Py_UCS4 *chars;
    Entry *entry = flags_entry_of(table, word, &chars);
    if (entry == NULL) return NULL;
    PyMem_Free(chars);
    if (entry->length < 0) {
        PyErr_SetObject(PyExc_KeyError, word);
        return NULL;
    }
    return PyLong_FromLong(entry->flags);
}

static int flags_assign(Flags *table, PyObject *word, PyObject *value) {
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "Flags forgets no word (a new Flags starts afresh)");
        return -1;
    }
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "Flags holds str words");
        return -1;
    }
    long flags = PyLong_AsLong(value);
    if (flags == -1 && PyErr_Occurred()) return -1;
    if (flags < 0) {
        PyErr_SetString(PyExc_ValueError, "word class flags are >= 0");
        return -1;
    }
    Py_UCS4 *chars = PyUnicode_AsUCS4Copy(word);
    if (chars == NULL) return -1;
    int set = flags_set(table, chars, PyUnicode_GET_LENGTH(word), flags);
    PyMem_Free(chars);
    return set;
}

static PyMappingMethods flags_mapping = {
    .mp_length = (lenfunc)flags_length,
    .mp_subscript = (binaryfunc)flags_get,
    .mp_ass_subscript = (objobjargproc)flags_assign,
};

static PySequenceMethods flags_sequence = {
    .sq_contains = (objobjproc)flags_contains,
};

static PyTypeObject FlagsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "analytics.enrich._keywords.Flags",
    .tp_doc = "Flags(): word -> class flags (ints >= 0), the table `extract` reads: len, in, [] and []= only.",
    .tp_basicsize = sizeof(Flags),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = flags_new,
    .tp_dealloc = (destructor)flags_dealloc,
    .tp_as_mapping = &flags_mapping,
    .tp_as_sequence = &flags_sequence,
};

/* ---- An article: its characters, tokens and distinct keys ---- */

typedef struct {
    Py_ssize_t start, length; /* in Article.chars */
    Py_ssize_t key;           /* index into Article.keys */
} Token;

typedef struct {
    Py_ssize_t start, length; /* the key's characters in Article.chars */
    uint64_t hash;
    PyObject *str;    /* the key as a str, made when needed (owned) */
    Py_ssize_t count; /* occurrences (title and body, as `Counter(keys)`) */
    Py_ssize_t first; /* first token position */
    long flags;       /* WordClasses.flags */
    Py_ssize_t inner, upper, neighbours;
    double weight;
    char scored, keep, ender;
} Key;

typedef struct {
    Py_UCS4 *chars; /* "\n" (the title's end, a paragraph break), the title, the body, TOKEN's pieces and keys */
    Py_ssize_t n_chars, char_capacity;
    Token *tokens;
    Py_ssize_t n_tokens, token_capacity;
    Key *keys;
    Py_ssize_t n_keys, key_capacity;
    Py_ssize_t *slots; /* open addressing: key index + 1, 0 when empty */
    size_t slot_mask;
} Article;

#define NEWLINE_AT 0 /* where Article.chars holds "\n" */
/* Sizes to start the arrays at: texts hold fewer tokens than a quarter of their characters (Indonesian
   news about one in six), and fewer distinct keys than half their tokens. */
#define CHARS_PER_TOKEN 4
#define TOKENS_PER_KEY 2

static void article_free(Article *article) {
    for (Py_ssize_t k = 0; k < article->n_keys; k++) Py_XDECREF(article->keys[k].str);
    PyMem_Free(article->chars);
    PyMem_Free(article->tokens);
    PyMem_Free(article->keys);
    PyMem_Free(article->slots);
}

/* Make room for `more` characters. */
static int reserve(Article *article, Py_ssize_t more) {
    if (article->n_chars + more <= article->char_capacity) return 0;
    Py_ssize_t capacity = (article->char_capacity + more) * 2;
    Py_UCS4 *chars = PyMem_Realloc(article->chars, capacity * sizeof(Py_UCS4));
    if (chars == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    article->chars = chars;
    article->char_capacity = capacity;
    return 0;
}

/* Append the characters of `text`; where they start, or -1 on error. */
static Py_ssize_t append_text(Article *article, PyObject *text) {
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), start = article->n_chars;
    if (reserve(article, length + 1) < 0) return -1;
    if (PyUnicode_AsUCS4(text, article->chars + start, article->char_capacity - start, 0) == NULL) return -1;
    article->n_chars += length;
    return start;
}

/* An article of the texts (title, body: `texts` of them); their starts in *starts. Its arrays start at
   sizes that most articles never outgrow. */
static int article_init(Article *article, PyObject **texts, int n_texts, Py_ssize_t *starts) {
    memset(article, 0, sizeof(*article));
    Py_ssize_t length = 1;
    for (int t = 0; t < n_texts; t++) length += PyUnicode_GET_LENGTH(texts[t]);
    article->token_capacity = length / CHARS_PER_TOKEN + 16;
    article->key_capacity = article->token_capacity / TOKENS_PER_KEY + 16;
    size_t slots = table_size(article->key_capacity);
    article->tokens = PyMem_Malloc(article->token_capacity * sizeof(Token));
    article->keys = PyMem_Malloc(article->key_capacity * sizeof(Key));
    article->slots = PyMem_Calloc(slots, sizeof(Py_ssize_t));
    article->slot_mask = slots - 1;
    if (article->tokens == NULL || article->keys == NULL || article->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    if (reserve(article, length) < 0) return -1;
    article->chars[NEWLINE_AT] = '\n';
    article->n_chars = 1;
    for (int t = 0; t < n_texts; t++)
        if ((starts[t] = append_text(article, texts[t])) < 0) return -1;
    return 0;
}

/* The slot of the key chars[start:start + length], lower-cased in ASCII: its entry, or the empty one. */
static inline Py_ssize_t *find_slot(Article *article, uint64_t hash, Py_ssize_t start, Py_ssize_t length) {
    const Py_UCS4 *chars = article->chars + start;
    size_t at = (size_t)hash & article->slot_mask;
    for (;; at = (at + 1) & article->slot_mask) {
        Py_ssize_t *slot = &article->slots[at];
        if (*slot == 0) return slot;
        Key *key = &article->keys[*slot - 1];
        if (key->hash == hash && same_word(chars, length, 1, article->chars + key->start, key->length)) return slot;
    }
}

/* The id of the key chars[start:start + length] (lower case), or -1 when the text has no such key. */
static Py_ssize_t find_key(Article *article, Py_ssize_t start, Py_ssize_t length) {
    return *find_slot(article, word_hash(article->chars + start, length, 1), start, length) - 1;
}

static int grow_slots(Article *article) {
    size_t size = (article->slot_mask + 1) * 2;
    Py_ssize_t *slots = PyMem_Calloc(size, sizeof(Py_ssize_t));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    PyMem_Free(article->slots);
    article->slots = slots;
    article->slot_mask = size - 1;
    for (Py_ssize_t k = 0; k < article->n_keys; k++) {
        size_t at = (size_t)article->keys[k].hash & article->slot_mask;
        while (slots[at]) at = (at + 1) & article->slot_mask;
        slots[at] = k + 1;
    }
    return 0;
}

/* Append the token chars[start:start + length] whose key is chars[key_start:key_start + key_length]
   lower-cased in ASCII (keys hold no ASCII capital: str.lower makes none). 1 when the key is new, 0 when
   not, -1 on error. */
static int add_token(Article *article, Py_ssize_t start, Py_ssize_t length, Py_ssize_t key_start,
                     Py_ssize_t key_length) {
    uint64_t hash = word_hash(article->chars + key_start, key_length, 1);
    Py_ssize_t *slot = find_slot(article, hash, key_start, key_length);
    Py_ssize_t id = *slot - 1;
    int added = id < 0;
    if (added) {
        int capitals = 0;
        for (Py_ssize_t i = 0; i < key_length; i++) capitals |= is_ascii_upper(article->chars[key_start + i]);
        if (capitals) { /* the key's own characters, lower-cased */
            if (reserve(article, key_length) < 0) return -1;
            for (Py_ssize_t i = 0; i < key_length; i++)
                article->chars[article->n_chars + i] = lower_ascii(article->chars[key_start + i]);
            key_start = article->n_chars;
            article->n_chars += key_length;
        }
        if (article->n_keys == article->key_capacity) {
            Py_ssize_t capacity = article->key_capacity * 2;
            Key *keys = PyMem_Realloc(article->keys, capacity * sizeof(Key));
            if (keys == NULL) {
                PyErr_NoMemory();
                return -1;
            }
            article->keys = keys;
            article->key_capacity = capacity;
        }
        id = article->n_keys++;
        Key *key = &article->keys[id];
        memset(key, 0, sizeof(*key));
        key->start = key_start;
        key->length = key_length;
        key->hash = hash;
        key->first = article->n_tokens;
        *slot = id + 1;
        if ((size_t)article->n_keys * 2 > article->slot_mask && grow_slots(article) < 0) return -1;
    }
    article->keys[id].count++;
    if (article->n_tokens == article->token_capacity) {
        Py_ssize_t capacity = article->token_capacity * 2;
        Token *tokens = PyMem_Realloc(article->tokens, capacity * sizeof(Token));
        if (tokens == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        article->tokens = tokens;
        article->token_capacity = capacity;
    }
    Token *token = &article->tokens[article->n_tokens++];
    token->start = start;
    token->length = length;
    token->key = id;
    return added;
}

static int add_newline(Article *article) { return add_token(article, NEWLINE_AT, 1, NEWLINE_AT, 1) < 0 ? -1 : 0; }

/* The key as a str. */
static PyObject *key_str(Article *article, Key *key) {
    if (key->str == NULL)
        key->str = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, article->chars + key->start, key->length);
    return key->str;
}

/* ---- Tokenizing: TOKEN.findall, with the common plain pieces scanned here ---- */

/* What an ASCII character is to TOKEN (ascii_class, filled at import) */
#define SPACE 1 /* `\s` */
#define MARK 2  /* `[^\w\s]` */
#define ALNUM 4 /* a letter or digit */
static unsigned char ascii_class[128];

static void classify_ascii(void) {
    for (Py_UCS4 c = 0; c < 128; c++)
        ascii_class[c] = Py_UNICODE_ISSPACE(c) ? SPACE : Py_UNICODE_ISALNUM(c) ? ALNUM : c == '_' ? 0 : MARK;
}

static inline int is_space(Py_UCS4 c) { return c < 128 ? ascii_class[c] & SPACE : Py_UNICODE_ISSPACE(c); }


static inline int is_ascii_alnum(Py_UCS4 c) { return c < 128 && ascii_class[c] & ALNUM; }

/* Whether c is a punctuation mark or symbol (TOKEN's `[^\w\s]`, \w being str.isalnum or `_`) that is its
   own key (str.lower leaves it as it is: not `Ⓐ`). */
static inline int is_mark(Py_UCS4 c) {
    if (c < 128) return ascii_class[c] & MARK;
    return !Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISSPACE(c) && Py_UNICODE_TOLOWER(c) == c;
}

/* The most tokens of a piece scanned here (longer pieces, seldom seen, go to TOKEN). */
#define MAX_PIECE_TOKENS 64


/* Where the run of ASCII letters and digits from chars[at] ends (at most at `end`). */
static inline Py_ssize_t run_end(const Py_UCS4 *chars, Py_ssize_t at, Py_ssize_t end) {
    while (at < end && is_ascii_alnum(chars[at])) at++;
    return at;
}

/* Where the continuations of a token that reaches the end of its run, chars[run], end (the text ends at
   `end`): by TOKEN's fifth
   branch, `-\w+` (`Covid-19`, `kata-kata`) and `[.,]\d+` (`5.000`, `73,6`); 0 when another continuation
   may follow (`Jum'at`, `KOMPAS.com`, `5.000an`), which TOKEN itself reads. */
static Py_ssize_t continued_end(const Py_UCS4 *chars, Py_ssize_t run, Py_ssize_t end) {
    while (run + 1 < end && is_ascii_alnum(chars[run + 1])) {
        Py_UCS4 joint = chars[run];
        if (joint == '-') {
            run = run_end(chars, run + 1, end);
        } else if ((joint == '.' || joint == ',') && is_ascii_digit(chars[run + 1])) {
            Py_ssize_t digits = run + 1;
            while (digits < end && is_ascii_digit(chars[digits])) digits++;
            if (digits < end && is_ascii_alnum(chars[digits])) return 0;
            run = digits;
        } else if (joint == '.' || joint == '\'' || joint == 0x2019) { /* ’ */
            return 0;
        } else {
            break;
        }
    }
    return run;
}

/* Where the token that starts at chars[at] (no whitespace; the text ends at `end`) ends: a mark's
   next character, or the end of a run of ASCII letters and digits as TOKEN reads it: the left part of
   glued words (`mengutip|CNBC`: `[a-z]{2,}(?=[A-Z])`; `Jakarta|Kita`: `[A-Z][a-z]{4,}(?=[A-Z])` but for
   the heads of CAMEL_NAMES), else the run with its continuations. 0 for anything else (a detik channel,
   `\d*detik`, a letter that is not ASCII), which TOKEN itself reads; -1 on error. */
static Py_ssize_t next_token_end(const Py_UCS4 *chars, Py_ssize_t at, Py_ssize_t end) {
    static const Py_UCS4 detik[] = {'d', 'e', 't', 'i', 'k'};
    if (is_mark(chars[at])) return at + 1;
    if (!is_ascii_alnum(chars[at])) return 0;
    Py_ssize_t run = run_end(chars, at, end), digits = at;
    while (digits < run && is_ascii_digit(chars[digits])) digits++;
    if (run - digits >= (Py_ssize_t)Py_ARRAY_LENGTH(detik) && !memcmp(chars + digits, detik, sizeof(detik))) return 0;
    Py_ssize_t capital = is_ascii_upper(chars[at]), lower = 0;
    while (at + capital + lower < run && is_ascii_lower(chars[at + capital + lower])) lower++;
    Py_ssize_t word_end = at + capital + lower;
    if (word_end < run && is_ascii_upper(chars[word_end])) {
        if (!capital && lower >= 2) return word_end;
        if (capital && lower >= 4) {
            PyObject *word = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars + at, word_end - at);
            if (word == NULL) return -1;
            int head = PySet_Contains(camel_heads, word);
            Py_DECREF(word);
            if (head < 0) return -1;
            if (!head) return word_end;
        }
    }
    return continued_end(chars, run, end);
}

/* Add the tokens of the piece that starts at chars[start] (up to the next whitespace or the text's `end`)
   and return 1 when next_token_end reads them all (`(Jakarta),`, `“KPK”`, `(5/3/2025).`, `Covid-19`,
   `5.000`, `mengutipCNBC`) and they are at most MAX_PIECE_TOKENS, setting *piece_end; else add nothing
   and return 0. */
static int scan_plain_piece(Article *article, Py_ssize_t start, Py_ssize_t end, Py_ssize_t *piece_end) {
    Py_ssize_t ends[MAX_PIECE_TOKENS], n_tokens = 0, at = start;
    for (; at < end && !is_space(article->chars[at]); at = ends[n_tokens++]) {
        if (n_tokens == MAX_PIECE_TOKENS) return 0;
        if ((ends[n_tokens] = next_token_end(article->chars, at, end)) <= 0) return (int)ends[n_tokens];
    }
    *piece_end = at;
    for (Py_ssize_t n = 0; n < n_tokens; start = ends[n++])
        if (add_token(article, start, ends[n] - start, start, ends[n] - start) < 0) return -1;
    return 1;
}

/* Add the tokens of chars[start:end] as TOKEN.findall gives them, keys lower-cased by str.lower. */
static int add_regex_tokens(Article *article, Py_ssize_t start, Py_ssize_t end) {
    PyObject *piece = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, article->chars + start, end - start);
    if (piece == NULL) return -1;
    PyObject *found = PyObject_CallOneArg(token_findall, piece);
    Py_DECREF(piece);
    if (found == NULL) return -1;
    if (!PyList_Check(found)) {
        PyErr_SetString(PyExc_TypeError, "TOKEN.findall must give a list");
        goto fail;
    }
    for (Py_ssize_t n = 0; n < PyList_GET_SIZE(found); n++) {
        PyObject *token = PyList_GET_ITEM(found, n);
        if (!PyUnicode_Check(token)) {
            PyErr_SetString(PyExc_TypeError, "TOKEN.findall must give strings (one group)");
            goto fail;
        }
        Py_ssize_t token_start = append_text(article, token);
        if (token_start < 0) goto fail;
        PyObject *lowered = PyObject_CallMethod(token, "lower", NULL);
        if (lowered == NULL) goto fail;
        Py_ssize_t key_start = append_text(article, lowered), key_length = PyUnicode_GET_LENGTH(lowered);
        Py_DECREF(lowered);
        if (key_start < 0) goto fail;
        int added = add_token(article, token_start, PyUnicode_GET_LENGTH(token), key_start, key_length);
        if (added < 0) goto fail;
        if (!added) article->n_chars = key_start; /* (the key's characters are there already) */
    }
    Py_DECREF(found);
    return 0;
fail:
    Py_DECREF(found);
    return -1;
}

/* Add the tokens of chars[start:end]: TOKEN never matches across whitespace (but for a paragraph break,
   a line break that another follows in the same run of whitespace), so each whitespace-free piece has
   the tokens it has in the whole text. */
static int tokenize(Article *article, Py_ssize_t start, Py_ssize_t end) {
    Py_ssize_t i = start;
    while (i < end) {
        if (is_space(article->chars[i])) {
            Py_ssize_t breaks = 0;
            for (; i < end && is_space(article->chars[i]); i++) breaks += article->chars[i] == '\n';
            for (; breaks > 1; breaks--)
                if (add_newline(article) < 0) return -1;
            continue;
        }
        Py_ssize_t piece = i;
        int plain = scan_plain_piece(article, piece, end, &i);
        if (plain < 0) return -1;
        if (!plain) {
            while (i < end && !is_space(article->chars[i])) i++;
            if (add_regex_tokens(article, piece, i) < 0) return -1;
        }
    }
    return 0;
}

/* ---- Reading tokens ---- */

static inline const Py_UCS4 *token_chars(const Article *article, const Token *token) {
    return article->chars + token->start;
}

/* str.isupper and str.isalpha of one character, at once for ASCII */
static inline int is_upper(Py_UCS4 c) { return c < 128 ? is_ascii_upper(c) : Py_UNICODE_ISUPPER(c); }
static inline int is_alpha(Py_UCS4 c) { return c < 128 ? is_ascii_upper(c) || is_ascii_lower(c) : Py_UNICODE_ISALPHA(c); }

/* `token[0].isupper()` */
static inline int starts_upper(const Article *article, const Token *token) {
    return is_upper(token_chars(article, token)[0]);
}

static int same_text(const Article *article, const Token *a, const Token *b) {
    return a->length == b->length &&
           !memcmp(token_chars(article, a), token_chars(article, b), a->length * sizeof(Py_UCS4));
}

static PyObject *token_str(const Article *article, const Token *token) {
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, token_chars(article, token), token->length);
}

/* `written[0].isupper() and written[1:].islower()` (str.islower: a cased character, none upper or title case) */
static int capitalised_then_lower(const Article *article, const Token *written) {
    const Py_UCS4 *chars = token_chars(article, written);
    if (!is_upper(chars[0])) return 0;
    int cased = 0;
    for (Py_ssize_t i = 1; i < written->length; i++) {
        if (Py_UNICODE_ISUPPER(chars[i]) || Py_UNICODE_ISTITLE(chars[i])) return 0;
        cased |= Py_UNICODE_ISLOWER(chars[i]);
    }
    return cased;
}

/* `str.isalpha` */
static int all_alpha(const Py_UCS4 *chars, Py_ssize_t length) {
    if (!length) return 0;
    for (Py_ssize_t i = 0; i < length; i++)
        if (!is_alpha(chars[i])) return 0;
    return 1;
}

/* ---- Word classes ---- */

/* Each key's flags, `learn` (WordClasses.learn) called first with the keys `table` lacks. */
static int read_flags(Article *article, Flags *table, PyObject *learn) {
    PyObject *new_words = NULL;
    for (int pass = 0; pass < 2; pass++) {
        for (Py_ssize_t k = 0; k < article->n_keys; k++) {
            Key *key = &article->keys[k];
            if (pass && key->flags >= 0) continue;
            Entry *entry = flags_entry(table, key->hash, article->chars + key->start, key->length, 0);
            if (entry->length >= 0) {
                key->flags = entry->flags;
                continue;
            }
            if (pass) {
                PyObject *word = key_str(article, key);
                if (word != NULL) PyErr_Format(PyExc_KeyError, "WordClasses.learn did not classify %R", word);
                goto fail;
            }
            key->flags = -1;
            if (new_words == NULL && (new_words = PySet_New(NULL)) == NULL) goto fail;
            if (key_str(article, key) == NULL || PySet_Add(new_words, key->str) < 0) goto fail;
        }
        if (new_words == NULL) return 0;
        if (!pass) { /* (learn fills `table`: no entry of it is held across the call) */
            PyObject *learnt = PyObject_CallOneArg(learn, new_words);
            if (learnt == NULL) goto fail;
            Py_DECREF(learnt);
        }
    }
    Py_DECREF(new_words);
    return 0;
fail:
    Py_XDECREF(new_words);
    return -1;
}

/* ---- glued_words ---- */

/* Whether some key of the text has at least GLUE_STEM_CHARS characters, all letters, and begins as
   `chars` (`stems` in glued_words). */
static int stem_of_a_key(Article *article, const Py_UCS4 *chars) {
    for (Py_ssize_t k = 0; k < article->n_keys; k++) {
        Key *key = &article->keys[k];
        const Py_UCS4 *key_chars = article->chars + key->start;
        if (key->length >= glue_stem_chars && all_alpha(key_chars, key->length) &&
            !memcmp(key_chars, chars, glue_stem_chars * sizeof(Py_UCS4)))
            return 1;
    }
    return 0;
}

/* `_a_name`: whether the text writes key `head` on its own with a capital somewhere. */
static int a_name(Article *article, Py_ssize_t head) {
    for (Py_ssize_t t = 0; t < article->n_tokens; t++)
        if (article->tokens[t].key == head && starts_upper(article, &article->tokens[t])) return 1;
    return 0;
}

/* glued_words for one word (a key seen once): 1 when a scraper glued it, 0 when not, -1 on error. */
static int glued(Article *article, Py_ssize_t k, PyObject *lexicon) {
    Key *word = &article->keys[k];
    if (key_str(article, word) == NULL) return -1;
    int contains = PySet_Contains(lexicon, word->str);
    if (contains) return contains < 0 ? -1 : 0;
    if (word->count != 1 || word->length < glue_head_chars + glue_tail_chars) return 0;
    for (Py_ssize_t cut = glue_head_chars; cut <= word->length - glue_tail_chars; cut++) {
        Py_ssize_t head = find_key(article, word->start, cut);
        if (head < 0) continue;
        PyObject *head_str = key_str(article, &article->keys[head]);
        word = &article->keys[k];
        if (head_str == NULL) return -1;
        if ((contains = PySet_Contains(lexicon, head_str)) != 0 ||
            (contains = PySet_Contains(glue_not_heads, head_str)) != 0) {
            if (contains < 0) return -1;
            continue;
        }
        const Py_UCS4 *tail_chars = article->chars + word->start + cut;
        Py_ssize_t tail_length = word->length - cut;
        PyObject *tail = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, tail_chars, tail_length);
        if (tail == NULL) return -1;
        int known = 0;
        if ((contains = PySet_Contains(glue_not_tails, tail)) == 0 && all_alpha(tail_chars, tail_length)) {
            known = PySet_Contains(lexicon, tail);
            if (known == 0)
                known = find_key(article, word->start + cut, tail_length) >= 0 ||
                        (tail_length >= glue_stem_chars && stem_of_a_key(article, tail_chars));
        }
        Py_DECREF(tail);
        if (contains < 0 || known < 0) return -1;
        if (known && capitalised_then_lower(article, &article->tokens[word->first]) && a_name(article, head)) return 1;
    }
    return 0;
}

/* ---- Neighbours and phrases ---- */

/* The distinct (word, neighbour) pairs: open addressing over their codes, (word + 1) << 32 | (neighbour + 1). */
typedef struct {
    uint64_t *codes; /* 0 when empty */
    size_t mask;
} Pairs;

static int pairs_init(Pairs *pairs, Py_ssize_t items) {
    size_t size = table_size(items);
    pairs->mask = size - 1;
    if ((pairs->codes = PyMem_Calloc(size, sizeof(uint64_t))) == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

/* Add the pair; 1 when it is new. */
static int add_pair(Pairs *pairs, Py_ssize_t word, Py_ssize_t neighbour) {
    uint64_t code = ((uint64_t)(word + 1) << 32) | (uint64_t)(neighbour + 1);
    size_t at = (size_t)mix(code) & pairs->mask;
    while (pairs->codes[at] && pairs->codes[at] != code) at = (at + 1) & pairs->mask;
    if (pairs->codes[at]) return 0;
    pairs->codes[at] = code;
    return 1;
}

#define MAX_GRAM 3
#define MAX_KEYS ((Py_ssize_t)1 << 31) /* (a pair's code holds two ids) */

typedef struct {
    Py_ssize_t words[MAX_GRAM];
    int length;
    Py_ssize_t count, at; /* occurrences, and the first one's position */
    char in_title, named;
} Gram;

/* The 2- and 3-word phrases: an array in order of first occurrence and a hash table of indexes + 1. */
typedef struct {
    Gram *grams;
    Py_ssize_t size;
    Py_ssize_t *slots;
    size_t mask;
} Grams;

static int grams_init(Grams *grams, Py_ssize_t items) {
    size_t size = table_size(items);
    grams->mask = size - 1;
    grams->size = 0;
    grams->grams = PyMem_Malloc((items + 1) * sizeof(Gram));
    grams->slots = PyMem_Calloc(size, sizeof(Py_ssize_t));
    if (grams->grams == NULL || grams->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void count_gram(Grams *grams, const Py_ssize_t *words, int length, Py_ssize_t at, int in_title, int named) {
    uint64_t hash = FNV_OFFSET;
    for (int n = 0; n < length; n++) hash = (hash ^ (uint64_t)words[n]) * FNV_PRIME;
    size_t slot = (size_t)mix(hash) & grams->mask;
    Gram *gram = NULL;
    for (; grams->slots[slot]; slot = (slot + 1) & grams->mask) {
        Gram *seen = &grams->grams[grams->slots[slot] - 1];
        if (seen->length == length && !memcmp(seen->words, words, length * sizeof(Py_ssize_t))) {
            gram = seen;
            break;
        }
    }
    if (gram == NULL) {
        gram = &grams->grams[grams->size++];
        grams->slots[slot] = grams->size;
        memcpy(gram->words, words, length * sizeof(Py_ssize_t));
        gram->length = length;
        gram->count = 0;
        gram->at = at;
        gram->in_title = gram->named = 0;
    }
    gram->count++;
    gram->in_title |= in_title;
    gram->named |= named;
}

/* ---- Ranking ---- */

typedef struct {
    double score;
    Py_ssize_t words[MAX_GRAM];
    int length;
    Py_ssize_t at; /* where the phrase is first written */
} Ranked;

static const Article *ranking_article; /* whose keys the comparison reads (set under the GIL just before sorting) */

/* As Python compares two different str: by code point, a word before its continuations. */
static int compare_keys(const Key *a, const Key *b) {
    const Py_UCS4 *a_chars = ranking_article->chars + a->start, *b_chars = ranking_article->chars + b->start;
    for (Py_ssize_t i = 0; i < a->length && i < b->length; i++)
        if (a_chars[i] != b_chars[i]) return a_chars[i] < b_chars[i] ? -1 : 1;
    return (a->length > b->length) - (a->length < b->length);
}

/* As Python compares (score, phrase) tuples: the scores (never NaN), then the phrases word by word,
   a word by its code points, a phrase before its continuations. */
static int compare_ranked(const void *left, const void *right) {
    const Ranked *a = left, *b = right;
    if (a->score < b->score) return -1;
    if (a->score > b->score) return 1;
    for (int n = 0; n < a->length && n < b->length; n++)
        if (a->words[n] != b->words[n])
            return compare_keys(&ranking_article->keys[a->words[n]], &ranking_article->keys[b->words[n]]);
    return (a->length > b->length) - (a->length < b->length);
}

/* Whether phrase `part` stands in `whole` word for word: `" " + " ".join(part) + " " in " " +
   " ".join(whole) + " "`, keys holding no space. */
static int within(const Ranked *part, const Ranked *whole) {
    for (int start = 0; start + part->length <= whole->length; start++) {
        int n = 0;
        while (n < part->length && part->words[n] == whole->words[start + n]) n++;
        if (n == part->length) return 1;
    }
    return 0;
}

static int shared_words(const Ranked *a, const Ranked *b) {
    int shared = 0;
    for (int n = 0; n < a->length; n++) {
        int repeated = 0, found = 0;
        for (int m = 0; m < n; m++) repeated |= a->words[m] == a->words[n];
        for (int m = 0; m < b->length; m++) found |= b->words[m] == a->words[n];
        shared += found && !repeated;
    }
    return shared;
}

/* _best: the indexes of the chosen phrases of `ranked`, their number. */
static Py_ssize_t best(const Ranked *ranked, Py_ssize_t n_ranked, Py_ssize_t top, Py_ssize_t *chosen) {
    Py_ssize_t n_chosen = 0;
    for (Py_ssize_t r = 0; r < n_ranked && n_chosen < top; r++) {
        const Ranked *phrase = &ranked[r];
        int skip = 0;
        for (Py_ssize_t c = 0; c < n_chosen && !skip; c++) {
            const Ranked *other = &ranked[chosen[c]];
            skip = within(phrase, other) || within(other, phrase) ||
                   (phrase->length > 1 && other->length > 1 &&
                    (phrase->words[0] == other->words[other->length - 1] ||
                     phrase->words[phrase->length - 1] == other->words[0] || shared_words(phrase, other) >= 2));
        }
        if (!skip) chosen[n_chosen++] = r;
    }
    return n_chosen;
}

/* _spelling of key `k`, first written at token `first_seen`; its occurrences are the tokens `positions`. */
static PyObject *spelling(Article *article, Key *key, Py_ssize_t n_title, const Py_ssize_t *positions,
                          Py_ssize_t n_positions, Py_ssize_t k) {
    if (!key->inner) return token_str(article, &article->tokens[key->first]);
    if (!key->upper || key->upper * 2 < key->inner) return Py_XNewRef(key_str(article, key));
    /* its most common capitalised form inside body sentences (`capitals`), the first seen of equals */
    const Token *tokens = article->tokens;
    Py_ssize_t *capitals = PyMem_Malloc(key->upper * sizeof(Py_ssize_t)), n_capitals = 0;
    if (capitals == NULL) return PyErr_NoMemory();
    for (Py_ssize_t p = 0; p < n_positions && n_capitals < key->upper; p++) {
        Py_ssize_t i = positions[p];
        if (tokens[i].key == k && i > n_title && !(article->keys[tokens[i - 1].key].flags & sentence_end_flag) &&
            starts_upper(article, &tokens[i]))
            capitals[n_capitals++] = i;
    }
    Py_ssize_t best_at = capitals[0], best_count = 0;
    for (Py_ssize_t c = 0; c < n_capitals; c++) {
        const Token *form = &tokens[capitals[c]];
        int earlier = 0;
        for (Py_ssize_t d = 0; d < c && !earlier; d++) earlier = same_text(article, form, &tokens[capitals[d]]);
        if (earlier) continue;
        Py_ssize_t count = 0;
        for (Py_ssize_t d = c; d < n_capitals; d++) count += same_text(article, form, &tokens[capitals[d]]);
        if (count > best_count) {
            best_count = count;
            best_at = capitals[c];
        }
    }
    PyMem_Free(capitals);
    return token_str(article, &tokens[best_at]);
}

/* ---- extract ---- */

static PyObject *score_and_choose(Article *article, Py_ssize_t n_title, Py_ssize_t top, PyObject *lexicon);

static int configured(void) {
    if (token_findall == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_keywords.configure() has not been called");
        return 0;
    }
    return 1;
}

static PyObject *extract(PyObject *Py_UNUSED(module), PyObject *args) {
    PyObject *title, *body, *learn, *lexicon;
    Flags *table;
    Py_ssize_t top;
    if (!PyArg_ParseTuple(args, "UUnO!OO!:extract", &title, &body, &top, &FlagsType, &table, &learn,
                          &PyFrozenSet_Type, &lexicon) ||
        !configured())
        return NULL;
    if (top <= 0) return PyList_New(0);
    Article article;
    PyObject *texts[] = {title, body}, *result = NULL;
    Py_ssize_t starts[2];
    if (article_init(&article, texts, 2, starts) < 0 ||
        tokenize(&article, starts[0], starts[0] + PyUnicode_GET_LENGTH(title)) < 0)
        goto done;
    Py_ssize_t n_title = article.n_tokens;
    if (add_newline(&article) < 0 || tokenize(&article, starts[1], starts[1] + PyUnicode_GET_LENGTH(body)) < 0 ||
        read_flags(&article, table, learn) < 0)
        goto done;
    if (article.n_keys >= MAX_KEYS) {
        PyErr_SetString(PyExc_OverflowError, "too many distinct words");
        goto done;
    }
    result = score_and_choose(&article, n_title, top, lexicon);
done:
    article_free(&article);
    return result;
}

static PyObject *score_and_choose(Article *article, Py_ssize_t n_title, Py_ssize_t top, PyObject *lexicon) {
    Key *keys = article->keys;
    Py_ssize_t n_keys = article->n_keys, n_tokens = article->n_tokens;
    PyObject *result = NULL;
    Py_ssize_t *positions = NULL, *chosen = NULL;
    Ranked *ranked = NULL;
    Pairs pairs = {0};
    Grams grams = {0};

    /* Words by class. */
    Py_ssize_t n_candidates = 0, total = 0, squares = 0, most = 0, lead_end = n_title + 1 + lead_words;
    for (Py_ssize_t k = 0; k < n_keys; k++) {
        Key *key = &keys[k];
        if (!(key->flags & candidate_flag)) continue;
        n_candidates++;
        total += key->count;
        squares += key->count * key->count;
        if (key->count > most) most = key->count;
        key->scored = key->count > 1;
    }
    if (!n_candidates) return PyList_New(0);
    for (Py_ssize_t k = 0; k < n_keys; k++) {
        Key *key = &keys[k];
        if ((key->flags & candidate_flag) && key->count == 1 && key->first < lead_end) { /* seen once, title or lead */
            int glue = glued(article, k, lexicon);
            if (glue < 0) return NULL;
            key->scored = !glue;
        }
    }
    Py_ssize_t n_positions = 0;
    for (Py_ssize_t k = 0; k < n_keys; k++) {
        Key *key = &keys[k];
        key->keep = key->scored || (key->flags & joiner_flag);
        key->ender = key->scored && !(key->flags & inner_flag);
        if (key->scored) n_positions += key->count;
    }

    /* One pass over the occurrences of scored words: first position (the key's), spelling where no
       sentence start forces a capital, distinct neighbours, and the 2- and 3-word phrases they start.
       Before the first token and after the last stands the title's end, "\n", as the sentinels there. */
    const Token *tokens = article->tokens;
    Py_ssize_t end_of_text = tokens[n_title].key;
    if ((positions = PyMem_Malloc((n_positions + 1) * sizeof(Py_ssize_t))) == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (pairs_init(&pairs, 2 * n_positions) < 0 || grams_init(&grams, 2 * n_positions) < 0) goto done;
    n_positions = 0;
    for (Py_ssize_t i = 0; i < n_tokens; i++)
        if (keys[tokens[i].key].scored) positions[n_positions++] = i;
    for (Py_ssize_t p = 0; p < n_positions; p++) {
        Py_ssize_t i = positions[p], k = tokens[i].key;
        Key *key = &keys[k];
        Py_ssize_t before = i > 0 ? tokens[i - 1].key : end_of_text;
        Py_ssize_t second = i + 1 < n_tokens ? tokens[i + 1].key : end_of_text;
        Py_ssize_t third = i + 2 < n_tokens ? tokens[i + 2].key : end_of_text;
        key->neighbours += add_pair(&pairs, k, before);
        key->neighbours += add_pair(&pairs, k, second);
        int capital = 0; /* capitalised where no sentence start forces it */
        if (i > n_title && !(keys[before].flags & sentence_end_flag)) {
            key->inner++;
            if (starts_upper(article, &tokens[i])) {
                capital = 1;
                key->upper++;
            }
        }
        if (!keys[second].keep) continue;
        Py_ssize_t words[MAX_GRAM] = {k, second, third};
        if (keys[second].ender)
            count_gram(&grams, words, 2, i, i < n_title, capital && starts_upper(article, &tokens[i + 1]));
        if (keys[third].ender)
            count_gram(&grams, words, 3, i, i < n_title,
                       capital && starts_upper(article, &tokens[i + 2]) &&
                           ((keys[second].flags & joiner_flag) || starts_upper(article, &tokens[i + 1])));
    }

    /* Sentences: the title is sentence 0; a body word's sentence is estimated from its token position. */
    Py_ssize_t n_sentences = 0;
    for (Py_ssize_t k = 0; k < n_keys; k++)
        if (keys[k].flags & sentence_end_flag) n_sentences += keys[k].count;
    if (n_sentences < 1) n_sentences = 1;
    double tokens_per_sentence = (double)(n_tokens - n_title > 1 ? n_tokens - n_title : 1) / (double)n_sentences;

    /* Words: YAKE's weight; phrases from their words' weights. */
    double mean = (double)total / (double)n_candidates;
    double variance = (double)squares / (double)n_candidates - mean * mean;
    if (0.0 > variance) variance = 0.0; /* max(variance, 0.0) */
    double deviation = sqrt(variance);
    double per_freq = 1.0 / (mean + deviation);
    double per_sentence = 1.0 / (double)n_sentences;
    double per_neighbour = 1.0 / (2.0 * (double)most);
    volatile double three = 3.0; /* (computed by libm at run time, as in Python, not folded by the compiler) */
    double title_position = log(log(three));
    Py_ssize_t n_ranked = 0, n_title_only = 0, n_scored = 0;
    for (Py_ssize_t k = 0; k < n_keys; k++) n_scored += keys[k].scored;
    ranked = PyMem_Malloc((2 * n_scored + grams.size + 1) * sizeof(Ranked));
    if (ranked == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Ranked *title_only = ranked + n_scored + grams.size; /* seen once, in the title: last resort */
    for (Py_ssize_t k = 0; k < n_keys; k++) {
        Key *key = &keys[k];
        if (!key->scored) continue;
        Py_ssize_t raw = key->count, position = key->first, count;
        double w_pos;
        if (position < n_title) {
            count = raw + title_weight - 1;
            w_pos = title_position;
        } else {
            count = raw;
            w_pos = log(log(4.0 + (double)(position - n_title) / tokens_per_sentence));
        }
        double w_rel = 1.0 + (double)key->neighbours * per_neighbour;
        double w_case = (double)key->upper / (1.0 + log((double)count));
        double h = w_pos * w_rel /
                   (w_case + ((double)count * per_freq + (double)(raw < n_sentences ? raw : n_sentences) * per_sentence) /
                                 w_rel);
        key->weight = h;
        if (key->flags & inner_flag) continue;
        Ranked *entry;
        if (raw > 1 || key->upper) {
            entry = &ranked[n_ranked++];
            entry->score = h / ((double)count * (1.0 + h));
        } else if (position < n_title) {
            entry = &title_only[n_title_only++];
            entry->score = h;
        } else {
            continue;
        }
        entry->words[0] = k;
        entry->length = 1;
        entry->at = position;
    }
    for (Py_ssize_t g = 0; g < grams.size; g++) {
        Gram *gram = &grams.grams[g];
        Py_ssize_t count = gram->count;
        if (count < min_phrase_tf && !gram->named) continue;
        if (gram->in_title) count += title_weight - 1;
        double product = 1.0, sum = 0.0;
        for (int n = 0; n < gram->length; n++) {
            Key *key = &keys[gram->words[n]];
            if (key->scored) {
                product *= key->weight;
                sum += key->weight;
            }
        }
        Ranked *entry = &ranked[n_ranked++];
        entry->score = product / ((double)count * (1.0 + sum));
        memcpy(entry->words, gram->words, sizeof(gram->words));
        entry->length = gram->length;
        entry->at = gram->at;
    }
    ranking_article = article;
    qsort(ranked, n_ranked, sizeof(Ranked), compare_ranked);
    qsort(title_only, n_title_only, sizeof(Ranked), compare_ranked);
    memmove(ranked + n_ranked, title_only, n_title_only * sizeof(Ranked));
    n_ranked += n_title_only;

    /* The best phrases, each word spelled as the text spells it inside sentences. */
    chosen = PyMem_Malloc(((top < n_ranked ? top : n_ranked) + 1) * sizeof(Py_ssize_t));
    if (chosen == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t n_chosen = best(ranked, n_ranked, top, chosen);
    if ((result = PyList_New(n_chosen)) == NULL) goto done;
    for (Py_ssize_t c = 0; c < n_chosen; c++) {
        const Ranked *phrase = &ranked[chosen[c]];
        PyObject *words = PyList_New(phrase->length);
        if (words == NULL) goto fail;
        for (int n = 0; n < phrase->length; n++) {
            Py_ssize_t k = phrase->words[n];
            PyObject *word = keys[k].scored ? spelling(article, &keys[k], n_title, positions, n_positions, k)
                                            : token_str(article, &tokens[phrase->at + n]);
            if (word == NULL) {
                Py_DECREF(words);
                goto fail;
            }
            PyList_SET_ITEM(words, n, word);
        }
        PyObject *spelled = PyUnicode_Join(space, words);
        Py_DECREF(words);
        if (spelled == NULL) goto fail;
        PyList_SET_ITEM(result, c, spelled);
    }
    goto done;
fail:
    Py_CLEAR(result);
done:
    PyMem_Free(positions);
    PyMem_Free(grams.grams);
    PyMem_Free(grams.slots);
    PyMem_Free(pairs.codes);
    PyMem_Free(ranked);
    PyMem_Free(chosen);
    return result;
}

/* tokenize(text) -> (tokens, keys): TOKEN.findall(text) and the tokens lower-cased, as this module reads them. */
static PyObject *tokenize_text(PyObject *Py_UNUSED(module), PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "tokenize() takes a str");
        return NULL;
    }
    if (!configured()) return NULL;
    Article article;
    Py_ssize_t start;
    PyObject *tokens = NULL, *keys = NULL, *result = NULL;
    if (article_init(&article, &text, 1, &start) < 0 ||
        tokenize(&article, start, start + PyUnicode_GET_LENGTH(text)) < 0 ||
        (tokens = PyList_New(article.n_tokens)) == NULL || (keys = PyList_New(article.n_tokens)) == NULL)
        goto done;
    for (Py_ssize_t t = 0; t < article.n_tokens; t++) {
        PyObject *token = token_str(&article, &article.tokens[t]);
        if (token == NULL) goto done;
        PyList_SET_ITEM(tokens, t, token);
        PyObject *key = key_str(&article, &article.keys[article.tokens[t].key]);
        if (key == NULL) goto done;
        PyList_SET_ITEM(keys, t, Py_NewRef(key));
    }
    result = PyTuple_Pack(2, tokens, keys);
done:
    Py_XDECREF(tokens);
    Py_XDECREF(keys);
    article_free(&article);
    return result;
}

static PyObject *configure(PyObject *Py_UNUSED(module), PyObject *args, PyObject *kwargs) {
    static char *names[] = {"token", "candidate", "joiner", "inner", "sentence_end", "title_weight",
                            "min_phrase_tf", "lead_words", "glue_head_chars", "glue_tail_chars",
                            "glue_stem_chars", "glue_not_heads", "glue_not_tails", "camel_heads", NULL};
    PyObject *token, *not_heads, *not_tails, *heads;
    long candidate, joiner, inner, sentence_end;
    Py_ssize_t weight, tf, lead, head, tail, stem;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "$OllllnnnnnnO!O!O!:configure", names, &token, &candidate, &joiner,
                                     &inner, &sentence_end, &weight, &tf, &lead, &head, &tail, &stem,
                                     &PyFrozenSet_Type, &not_heads, &PyFrozenSet_Type, &not_tails, &PyFrozenSet_Type,
                                     &heads))
        return NULL;
    PyObject *findall = PyObject_GetAttrString(token, "findall");
    if (findall == NULL) return NULL;
    Py_XSETREF(token_findall, findall);
    Py_XSETREF(glue_not_heads, Py_NewRef(not_heads));
    Py_XSETREF(glue_not_tails, Py_NewRef(not_tails));
    Py_XSETREF(camel_heads, Py_NewRef(heads));
    candidate_flag = candidate;
    joiner_flag = joiner;
    inner_flag = inner;
    sentence_end_flag = sentence_end;
    title_weight = weight;
    min_phrase_tf = tf;
    lead_words = lead;
    glue_head_chars = head;
    glue_tail_chars = tail;
    glue_stem_chars = stem;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"configure", (PyCFunction)(void (*)(void))configure, METH_VARARGS | METH_KEYWORDS,
     "configure(*, token, candidate, joiner, inner, sentence_end, title_weight, min_phrase_tf, lead_words, "
     "glue_head_chars, glue_tail_chars, glue_stem_chars, glue_not_heads, glue_not_tails, camel_heads): "
     "keywords.py's constants"},
    {"extract", extract, METH_VARARGS,
     "extract(title, body, top, flags, learn, lexicon) -> keywords: keywords.extract of a prepared title and body, "
     "flags a Flags table that learn(new words) fills, lexicon the stop words"},
    {"tokenize", tokenize_text, METH_O, "tokenize(text) -> (tokens, keys): TOKEN.findall(text) and its keys"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_definition = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_keywords",
    .m_doc = "The per-article core of analytics.enrich.keywords in C.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__keywords(void) {
    if (space == NULL && (space = PyUnicode_InternFromString(" ")) == NULL) return NULL;
    if (PyType_Ready(&FlagsType) < 0) return NULL;
    classify_ascii();
    PyObject *module = PyModule_Create(&module_definition);
    if (module != NULL && PyModule_AddObjectRef(module, "Flags", (PyObject *)&FlagsType) < 0) Py_CLEAR(module);
    return module;
}
