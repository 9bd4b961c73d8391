"""What the HTML reader knows about these news sites, in one place.

Names of page parts (furniture, site chrome, tag boxes, captions, photo
wrappers, bylines), the label words of staff and source lines, the lead of a
teaser list, the shape of a shown date, the meta keys read for each field,
and the thresholds that tell prose from labels, a headline from a teaser and a
caption from a list of links. The other modules of the reader hold only logic.
"""

import re

# --- What parts of a page look like, by tag and class/id name ----------------
# Blocks listing *other* stories, or site chrome; matched anywhere in a class or
# id value ("relateds--grid", "berita-terkait-wrap", "footer-popular-articles").
FURNITURE_NAME_RE = re.compile(
    r"related|terkait|popular|populer|trending|terkini|lainnya|rekomendasi|recommend"
    r"|baca[-_]?juga|read[-_]?also|more[-_]?stories|mega[-_]?menu|navbar|sidebar|breadcrumb"
    r"|comment|komentar|newsletter|footer|hot[-_]?topic|photonews|arsip|archive",
    re.I,
)
FURNITURE_TAGS = frozenset({"nav", "aside", "footer"})
# Site-wide columns and headers: tag links there are navigation, not the
# article's tags. Whole name parts only ("right" must not match "copyright").
SITE_CHROME_NAME_RE = re.compile(
    r"(?:^|[-_\s])(?:header|nav|navbar|menu|sidebar|aside|footer|trending|right)(?:$|[-_\s])", re.I
)
TAG_BOX_NAME_RE = re.compile(r"tag|topi[ck]", re.I)
TAG_HREF_RE = re.compile(r"/(?:tag|tags|topic|topik|tag-populer|hot_topic)/", re.I)
CAPTION_NAME_RE = re.compile(
    r"caption|credit(?!s)|keterangan|ket[-_]?foto|cap[-_]?foto|deskripsi|(?:photo|foto|img|image|pic)[-_]?desc", re.I
)
IMAGE_WRAPPER_NAME_RE = re.compile(r"photo|foto|image|img|pic|gambar|figure", re.I)
# Bylines, dates, share/rating widgets and tag boxes: metadata, not body text.
BODY_NOISE_NAME_RE = re.compile(
    r"author|autor|byline|reporter|penulis|editor|credits|share|sosmed|social|rating|thumbs|vote|tagging"
    r"|(?:^|[-_\s])(?:tags?|topic|topik|date|tanggal|time|tgl)(?:$|[-_\s])",
    re.I,
)

EDITOR_LABELS = ("Editor", "Redaktur", "Penyunting", "Red")
AUTHOR_LABELS = ("Penulis", "Pewarta", "Reporter", "Oleh")
PHOTO_CREDIT_LABELS = ("Fotografer", "Photographer", "Pewarta Foto")
SOURCE_LABELS = ("Sumber", "Source")
# The lead of a list of other stories: "Baca Juga:", "Read also", "FOTO TERKAIT:".
TEASER_LEAD_RE = re.compile(
    r"^(?:baca|lihat|simak) juga|^(?:read|see) also|^(?:berita|foto|artikel|video) terkait"
    r"|^related(?: news| stories)?\b",
    re.I,
)
# A staff credit left in the body text: "Editor: X", "| Penulis | : Y |".
STAFF_LINE_RE = re.compile(rf"^\W*(?:{'|'.join(EDITOR_LABELS + AUTHOR_LABELS)})\W*\s*:\s*\S", re.I)
# The site's own notice under every page ("COPYRIGHT © ANTARA 2015"); a credit
# of another outlet ("Copyright 2021 The Associated Press") is kept.
COPYRIGHT_LINE_RE = re.compile(r"^(?:copyright\b|©|\(c\))", re.I)

# RSS/Atom/RDF feeds saved with an .html name (the Antara and Detik "mainpage" fixtures).
FEED_ROOT_TAGS = frozenset({"rss", "feed", "rdf:rdf"})
PROLOG_RE = re.compile(r"<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>", re.S | re.I)
PROLOG_SNIFF_CHARS = 4096
DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "object", "embed", "select")
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "cite", "em", "font", "i", "img", "q", "small", "span", "strong", "sub", "sup", "u", "time"}
)
HEADLINE_TAG_RANK = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}
LINKED_HEADLINE_TAGS = frozenset({"h1", "h2"})  # <h1><a href=permalink>Title</a></h1> is still the headline
TITLE_SEPARATORS_RE = re.compile(r"\s+(?:\||-|–|—|::|:)\s+")
SITE_PREFIX_RE = re.compile(r"^[\w.]+\.(?:com|co\.id|id|net)\s*:\s*(.+)$", re.I)  # "KapanLagi.com: Title"
HOST_LABELS_IGNORED = frozenset({"www", "com", "co", "id", "net", "org", "or", "go", "ac"})

MONTHS = (
    "januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember"
    "|january|february|march|may|june|july|august|october|december"
    "|jan|feb|mar|apr|jun|jul|agu|agt|aug|sep|okt|oct|nov|des|dec"
)
# "Rabu, 4 November 2015 | 21:04 WIB", "Kamis, 05/11/2015 09:25 WIB", "Jumat , 17 February 2017, 13:16 WIB"
VISIBLE_DATE_RE = re.compile(
    rf"(?:[A-Za-z']+\s*,\s*)?\d{{1,2}}(?:\s+(?:{MONTHS})\.?,?\s+|/\d{{1,2}}/)\d{{4}}"
    r"[\s,|\-–]+(?:pukul\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*(?:WIB|WITA|WIT|GMT|UTC)\b)?",
    re.I,
)

PUBLISHED_META = ("article:published_time", "ld:published", "og:published_time", "datepublished")
PUBLISHED_META_FALLBACK = ("pubdate", "publishdate", "publish-date", "date", "dc.date", "dc.date.issued", "datecreated")
URL_META = ("canonical", "og:url")
OUTLET_META = ("og:site_name", "application-name")
SECTION_META = ("article:section", "ld:section")
LANGUAGE_META = ("language", "content-language", "dc.language", "og:locale", "html:lang")
KEYWORDS_META = ("news_keywords", "keywords", "ld:keywords")

# --- Thresholds ---------------------------------------------------------------
MIN_TEXT_CHUNK_CHARS = 40  # loose text shorter than this is a label, not prose
MIN_MAIN_TEXT_CHARS = 150  # a main-text element outside furniture must hold this much
MIN_HEADLINE_CHARS = 10
MAX_HEADLINE_EXTRA_CHARS = 20  # kickers around the title, as in "In Picture: <title>"
CAPTION_MIN_CHARS = 3
CAPTION_MAX_CHARS = 800
CAPTION_MAX_LINK_SHARE = 0.5  # a caption mostly made of links is a teaser of another story
INLINE_LINK_CONTEXT_CHARS = 40  # a tag link among this much unlinked text is a link in running text
LABEL_LINE_MAX_CHARS = 120
MIN_OWN_NAME_CHARS = 4  # shorter site-name parts ("en" of en.tempo.co) would match other outlets' names
VISIBLE_DATE_MAX_CHARS = 80
TEASER_HEADING_MAX_CHARS = 40  # "Jangan Lewatkan", "Popular Videos": the heading of a teaser list
BLOCK_TAGS = frozenset(
    {"div", "p", "section", "article", "blockquote", "ul", "ol", "table", "figure", "h1", "h2", "h3"}
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "header"})
