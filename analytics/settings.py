"""Every user setting, declared once: name, default, help.

A setting is read from, in order: the command-line option, the environment
variable `MEDIA_ANALYTICS_<NAME>` (upper case), then the default below. The
README's settings table is checked against this list by a test.
"""
from __future__ import annotations

import dataclasses
import os


@dataclasses.dataclass(frozen=True)
class Setting:
    name: str
    default: str | int
    help: str

    @property
    def env_var(self) -> str:
        return f"MEDIA_ANALYTICS_{self.name.upper()}"


SETTINGS = (
    Setting("store", "data/store/media.duckdb", "Path of the DuckDB article store."),
    Setting("batch_size", 5000, "Records written to the store per transaction during ingest."),
    Setting("workers", 0, "Processes that read and extract articles during ingest (0: one per core; 1: the ingesting process alone)."),
    Setting("engine", "local", "Where ingest reads and extracts: `local` (this machine's processes) or `dask` (a Dask cluster)."),
    Setting("scheduler", "", "Address of the Dask scheduler for `--engine dask`, e.g. tcp://10.0.0.5:8786 (empty: a local cluster of `workers` processes)."),
    Setting("partitions", "", "Folder where ingest's worker processes hand over Parquet partitions, reachable by them and by the ingesting process (empty: the store's path + `.parts`)."),
    Setting("agencies", "", "A TOML file of agencies that extends or overrides the shipped registry (empty: none)."),
    Setting("tag_aliases", "", "A TOML file of tag synonyms merged into one tag (empty: none)."),
    Setting("lock_wait", 60, "Seconds a command waits for the store while another process holds it (an ingest writing; a dashboard or notebook reading when a command must write)."),
    Setting("query_time_limit", 10, "Seconds an analytics query may run before it stops with 'timed out'."),
    Setting("host", "127.0.0.1", "Address the dashboard binds to."),
    Setting("port", 8050, "Port the dashboard listens on."),
)
SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str, override: str | int | None = None) -> str | int:
    """The value of a setting: an explicit override, else the environment, else the default."""
    setting = SETTINGS_BY_NAME[name]
    if override is not None:
        return override
    raw = os.environ.get(setting.env_var)
    if raw is None:
        return setting.default
    if isinstance(setting.default, int):
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{setting.env_var}={raw!r} is not a whole number") from None
    return raw
