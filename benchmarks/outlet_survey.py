"""The outlets of the shared corpora: every distinct raw outlet value and URL host, with counts, and
what the outlet registry makes of them (issue 13's closing note; tests/enrich/test_outlets_corpora.py
checks it).

    python -m benchmarks.outlet_survey > OUTLET_SURVEY.md
"""

from __future__ import annotations

import collections
import dataclasses
import sys

from analytics.enrich.outlets import OutletMatch, OutletRegistry, load_outlets, resolve_outlet
from analytics.enrich.outlets.names import host_of
from analytics.ingest.manifest import load_manifest
from benchmarks.corpora import SHARED_MANIFEST, load_articles

NO_NAME = "(no outlet name)"


@dataclasses.dataclass(frozen=True)
class Record:
    """The outlet fields of one article as read, with the source it came from."""

    source: str
    raw_name: str | None
    url: str | None


@dataclasses.dataclass
class Resolution:
    """What one distinct raw value (a raw name or a URL host) resolved to, over its articles."""

    value: str
    articles: int = 0
    sources: set[str] = dataclasses.field(default_factory=set)
    outcomes: collections.Counter[tuple[str | None, str, str | None]] = dataclasses.field(
        default_factory=collections.Counter
    )  # (outlet id, method, reason) -> articles
    channels: set[str] = dataclasses.field(default_factory=set)

    def add(self, source: str, match: OutletMatch) -> None:
        """Count one article of `source` resolved to `match`."""
        self.articles += 1
        self.sources.add(source)
        self.outcomes[(match.outlet_id, match.method, match.reason)] += 1
        if match.channel:
            self.channels.add(match.channel)


def shared_records() -> list[Record]:
    """The raw outlet name and URL of every article of every source of the shared-corpora manifest."""
    records = []
    for spec in load_manifest(SHARED_MANIFEST).sources:
        records.extend(Record(spec.name, a.outlet, a.url) for a in load_articles((spec.name,)))
    return records


def survey(
    records: list[Record], registry: OutletRegistry
) -> tuple[dict[str | None, Resolution], dict[str, Resolution]]:
    """Per distinct raw name (None: the article names none) and per URL host, what its articles resolve to."""
    by_name: dict[str | None, Resolution] = {}
    by_host: dict[str, Resolution] = {}
    for record in records:
        match = resolve_outlet(registry, url=record.url, raw_name=record.raw_name)
        by_name.setdefault(record.raw_name, Resolution(record.raw_name or NO_NAME)).add(record.source, match)
        host = host_of(record.url)
        if host is not None:
            by_host.setdefault(host, Resolution(host)).add(record.source, match)
    return by_name, by_host


def markdown(by_name: dict[str | None, Resolution], by_host: dict[str, Resolution], registry: OutletRegistry) -> str:
    """The survey as the closing note lists it: raw names -> ids, the unmapped raw names, the URL hosts."""
    names = sorted(by_name.values(), key=lambda r: (_ids(r), r.value.casefold()))
    mapped = [r for r in names if any(outlet_id for outlet_id, _, _ in r.outcomes)]
    unmapped = [r for r in names if r not in mapped]
    lines = [
        "# Outlets of the shared corpora",
        "",
        f"{sum(r.articles for r in names)} articles of {len({s for r in names for s in r.sources})} sources "
        f"({SHARED_MANIFEST.name}), {len(by_name)} distinct raw outlet values, {len(by_host)} URL hosts, "
        f"{len({i for r in names for i, _, _ in r.outcomes if i})} outlet ids. Registry: {', '.join(registry.files)}.",
        "",
        "## Outlet ids",
        "",
        "| outlet id | name | kind | agency | articles | raw names |",
        "|---|---|---|---|---:|---|",
    ]
    for outlet_id, (articles, raw_names) in sorted(_by_outlet(names).items()):
        outlet = registry.outlet(outlet_id)
        lines.append(
            f"| `{outlet_id}` | {outlet.name} | {outlet.kind} | {outlet.agency or ''} | {articles} | "
            f"{', '.join(f'`{_cell(n)}`' for n in sorted(raw_names, key=str.casefold))} |"
        )
    lines += [
        "",
        "## Raw outlet names -> outlet ids",
        "",
        "| raw name | articles | sources | outlet id (articles, method) | channels |",
        "|---|---:|---|---|---|",
    ]
    for r in mapped:
        lines.append(
            f"| `{_cell(r.value)}` | {r.articles} | {', '.join(sorted(r.sources))} | {_outcomes(r)} | "
            f"{', '.join(sorted(r.channels))} |"
        )
    lines += [
        "",
        "## Raw outlet values left unmapped (no outlet)",
        "",
        "| raw value | articles | sources | reason |",
        "|---|---:|---|---|",
    ]
    for r in unmapped:
        reasons = "; ".join(sorted({reason or "" for _, _, reason in r.outcomes}))
        lines.append(f"| `{_cell(r.value)}` | {r.articles} | {', '.join(sorted(r.sources))} | {_cell(reasons)} |")
    lines += [
        "",
        "## URL hosts -> outlet ids",
        "",
        "| host | articles | outlet id (articles, method) |",
        "|---|---:|---|",
    ]
    for r in sorted(by_host.values(), key=lambda r: (_ids(r), r.value)):
        lines.append(f"| {r.value} | {r.articles} | {_outcomes(r)} |")
    return "\n".join(lines) + "\n"


def _by_outlet(names: list[Resolution]) -> dict[str, tuple[int, set[str]]]:
    """Per outlet id: its articles and the raw names resolved to it."""
    outlets: dict[str, tuple[int, set[str]]] = {}
    for resolution in names:
        for (outlet_id, _, _), count in resolution.outcomes.items():
            if outlet_id is not None:
                articles, raw_names = outlets.get(outlet_id, (0, set()))
                outlets[outlet_id] = (articles + count, raw_names | {resolution.value})
    return outlets


def _ids(resolution: Resolution) -> str:
    return " ".join(sorted(outlet_id or "" for outlet_id, _, _ in resolution.outcomes))


def _outcomes(resolution: Resolution) -> str:
    return ", ".join(
        f"`{outlet_id}` ({count}, {method})" for (outlet_id, method, _), count in resolution.outcomes.most_common()
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'").replace("\n", " ")


def main() -> int:
    registry = load_outlets()
    by_name, by_host = survey(shared_records(), registry)
    sys.stdout.write(markdown(by_name, by_host, registry))
    return 0


if __name__ == "__main__":
    sys.exit(main())
