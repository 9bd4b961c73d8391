"""Every user setting, declared once: name, default, type, help; and `Settings`, their values.

A setting is read from, in order: the command-line option (`--batch-size` for `batch_size`),
the environment variable `MEDIA_ANALYTICS_<NAME>` (upper case), then the default below. The
edges of the product (the CLI, the dashboard's start-up, the notebooks' set-up) resolve them
once with `Settings.resolve` and pass the values on as parameters; this is the only module
that reads the environment. The README's settings table is checked against this list by a test.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
from collections.abc import Callable, Mapping
from typing import Any

from analytics.errors import UserError

# Seconds a command waits for a store another process holds.
LOCK_WAIT_S = 60
# Seconds one dashboard query may run. Calibrated on a synthetic store of 1M articles,
# 0.9M attributions and 10M tag rows, unfiltered, on 2 cores: every analysis took under
# 2 s except tag co-occurrence over all kinds (4.4 s; 1.7 s for one kind). Past 10 s the
# page says "timed out" instead of freezing.
QUERY_TIME_LIMIT_S = 10
# Records per store transaction: large enough that DuckDB appends in bulk, small enough that a
# worker holds one batch of a huge file in memory.
BATCH_SIZE = 5000
# Articles a period needs before a timeline draws its shares. A share of n articles moves by 1/n
# with one article and its 95 % sampling margin is up to 1.96 * 0.5 / sqrt(n): at 20, 5 points and
# +/- 22 points, enough to read a trend, while 1 article (the 100 % spikes of a sparse month) or 5
# (+/- 44 points) are not. On the shared corpora (all outlets, by month) it hides the shares of 99 of
# the 133 months with articles, which hold 437 of 62,395 dated articles (0.7 %): the stray months
# between the busy ones. Counts are always drawn.
TIMELINE_MIN_ARTICLES = 20
# Bytes of one record's input (a page-text or HTML file, a line of CSV, JSON Lines or SGML) past
# which it is quarantined as oversized: the largest page of the shared corpora is 0.3 MB, and a
# record costs about ten times its size while it is read and stored (a 200 MB page took 3.6 GB).
MAX_RECORD_BYTES = 16 * 1024 * 1024
# How many times its compressed size a zip member may expand: ordinary text deflates 2-5 times
# (the shared corpora's zips at most 2.9), a zip bomb about 1000 times (deflate's limit is 1032).
ZIP_MAX_RATIO = 100
# Bytes a zip member may expand to, whatever its ratio.
ZIP_MAX_MEMBER_BYTES = 2 * 1024**3
# Archives that may hold one another: 2 reads a zip inside a zip, and refuses a zip inside that.
ZIP_MAX_DEPTH = 2
# Bytes of a plain file past which ingest's workers read it in chunks, all at once (a CSV/TSV, JSON
# Lines or Reuters SGML file: analytics.ingest.split), and the bytes of a chunk. What a chunk costs
# on top of its records (a task handed to a worker, its Arrow partitions, a store transaction) is
# below the noise of a busy 2-core machine: an 8 MB Indonesian CSV took 8.8 s of CPU in 31 chunks of
# 256 KiB and 6.9-8.8 s in 4 of 2 MiB. 8 MiB holds about 4,000 Indonesian articles, near one store
# batch (BATCH_SIZE), so the store still writes full-sized batches; the 123 MB CSV of 61,163 rows falls
# into 15 chunks, and the last one keeps one core busy for about 4 s alone while the other is done.
SPLIT_FILE_BYTES = 16 * 1024 * 1024
CHUNK_BYTES = 8 * 1024 * 1024
# The share of one article's text another must hold for the two to be one story (text reuse:
# analytics.ingest.reuse). Half is the line the reuse studies draw (Nicholls 2019, the METER
# corpus) and the one the labelled pairs were read against (tests/fixtures/reuse_pairs.md).
REUSE_THRESHOLD = 0.5
# The values of the `engine` setting: where ingest reads and extracts.
ENGINES = ("local", "dask")
# what a value of a numeric type must be, for error messages
_KINDS: dict[Callable[[str], Any], str] = {int: "a whole number", float: "a number"}


@dataclasses.dataclass(frozen=True)
class Setting:
    """One setting's declaration. A setting whose default is empty text is optional: an empty
    value means none (None)."""

    name: str
    default: str | int | float
    help: str
    type: Callable[[str], Any] = str

    @property
    def env_var(self) -> str:
        """The environment variable of the setting: MEDIA_ANALYTICS_<NAME>."""
        return f"MEDIA_ANALYTICS_{self.name.upper()}"

    @property
    def flag(self) -> str:
        """The command-line option of the setting: --name-with-dashes."""
        return "--" + self.name.replace("_", "-")

    def convert(self, value: Any, *, origin: str) -> Any:
        """`value` (text from the command line or the environment, or a typed value) as this
        setting's type; UserError naming `origin` (the flag or the variable) when it is not one."""
        if value == "" and self.default == "":
            return None
        try:
            return self.type(value)
        except (TypeError, ValueError):
            kind = _KINDS.get(self.type, f"a valid {self.name}")
            raise UserError(f"{origin}={value!r} is not {kind}") from None


SETTINGS = (
    Setting("store", "data/store/media.duckdb", "Path of the DuckDB article store.", pathlib.Path),
    Setting("batch_size", BATCH_SIZE, "Records written to the store per transaction during ingest.", int),
    Setting(
        "workers",
        0,
        "Processes that read and extract articles during ingest, and sketch and check text reuse in a reuse round (0: one per core; 1: the ingesting process alone).",
        int,
    ),
    Setting(
        "engine",
        "local",
        "Where ingest reads and extracts: `local` (this machine's processes) or `dask` (a Dask cluster).",
    ),
    Setting(
        "scheduler",
        "",
        "Address of the Dask scheduler for `--engine dask`, e.g. tcp://10.0.0.5:8786 (empty: a local cluster of `workers` processes).",
    ),
    Setting(
        "partitions",
        "",
        "Folder where ingest's worker processes hand over Arrow IPC partitions, reachable by them and by the ingesting process (empty: the store's path + `.parts`).",
        pathlib.Path,
    ),
    Setting(
        "agencies",
        "",
        "A TOML file of agencies that extends or overrides the shipped registry (empty: none).",
        pathlib.Path,
    ),
    Setting(
        "outlets",
        "",
        "A TOML file of outlets that extends or overrides the shipped outlet registry (empty: none).",
        pathlib.Path,
    ),
    Setting("tag_aliases", "", "A TOML file of tag synonyms merged into one tag (empty: none).", pathlib.Path),
    Setting(
        "lock_wait",
        LOCK_WAIT_S,
        "Seconds a command waits for the store while another process holds it (an ingest writing; a dashboard or notebook reading when a command must write).",
        float,
    ),
    Setting(
        "query_time_limit",
        QUERY_TIME_LIMIT_S,
        "Seconds an analytics query may run before it stops with 'timed out'.",
        float,
    ),
    Setting(
        "timeline_min_articles",
        TIMELINE_MIN_ARTICLES,
        "Articles a period needs before a timeline draws its shares (the chart says which it leaves out).",
        int,
    ),
    Setting(
        "max_record_bytes",
        MAX_RECORD_BYTES,
        "Bytes of one record's input (a page-text or HTML file, a line of CSV, JSON Lines or SGML) past which ingest quarantines it as oversized.",
        int,
    ),
    Setting(
        "zip_max_ratio",
        ZIP_MAX_RATIO,
        "How many times its compressed size a zip member may expand before ingest refuses it (members under 64 KiB are not held to it).",
        int,
    ),
    Setting(
        "zip_max_member_bytes", ZIP_MAX_MEMBER_BYTES, "Bytes a zip member may expand to before ingest refuses it.", int
    ),
    Setting(
        "zip_max_depth",
        ZIP_MAX_DEPTH,
        "Zip archives that may hold one another: 1 reads no zip inside a zip, 2 one level of them.",
        int,
    ),
    Setting(
        "split_file_bytes",
        SPLIT_FILE_BYTES,
        "Bytes of a plain CSV/TSV, JSON Lines, JSON array or Reuters SGML file past which ingest's workers read it in chunks, all at once.",
        int,
    ),
    Setting("chunk_bytes", CHUNK_BYTES, "Bytes of each chunk a file past `split_file_bytes` is read in.", int),
    Setting(
        "reuse_threshold",
        REUSE_THRESHOLD,
        "The share of one article's text another must hold for the two to be one story (text reuse; "
        "`media-analytics reuse` makes the stories again after it changed).",
        float,
    ),
    Setting("host", "127.0.0.1", "Address the dashboard binds to."),
    Setting("port", 8050, "Port the dashboard listens on.", int),
)
SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


@dataclasses.dataclass(frozen=True)
class Settings:
    """The value of every setting, typed; an optional one is None when not set."""

    store: pathlib.Path
    batch_size: int
    workers: int
    engine: str
    scheduler: str | None
    partitions: pathlib.Path | None
    agencies: pathlib.Path | None
    outlets: pathlib.Path | None
    tag_aliases: pathlib.Path | None
    lock_wait: float
    query_time_limit: float
    timeline_min_articles: int
    max_record_bytes: int
    zip_max_ratio: int
    zip_max_member_bytes: int
    zip_max_depth: int
    split_file_bytes: int
    chunk_bytes: int
    reuse_threshold: float
    host: str
    port: int

    @classmethod
    def resolve(
        cls, overrides: Mapping[str, Any] | None = None, *, environ: Mapping[str, str] = os.environ
    ) -> Settings:
        """Each setting from `overrides` (by name: the command-line values; None means not
        given), else from its variable in `environ`, else its default."""
        overrides = overrides or {}
        unknown = set(overrides) - set(SETTINGS_BY_NAME)
        if unknown:
            raise KeyError(f"no such setting: {', '.join(sorted(unknown))}")
        values = {}
        for setting in SETTINGS:
            if overrides.get(setting.name) is not None:
                values[setting.name] = setting.convert(overrides[setting.name], origin=setting.flag)
            elif setting.env_var in environ:
                values[setting.name] = setting.convert(environ[setting.env_var], origin=setting.env_var)
            else:
                values[setting.name] = setting.convert(setting.default, origin="the default")
        return cls(**values)
