"""Manifests of some of the shared corpora's sources, for the tests that ingest them several times
over (every corpus each time would make them the longest of the suite)."""

from __future__ import annotations

import json
import pathlib
import re
import tomllib

from repo_paths import REPO

from analytics.ingest.manifest import load_manifest

SHARED_MANIFEST = REPO / "data/manifests/shared_corpora.toml"


def shared_subset(folder: pathlib.Path, sources: dict[str, list[str] | None]) -> pathlib.Path:
    """A manifest, written in `folder`, of these sources of the shared manifest (by name: None keeps
    the source's paths, a list replaces them), its root made absolute."""
    _, *declared = SHARED_MANIFEST.read_text(encoding="utf-8").split("[[source]]")
    kept = []
    for source in declared:
        name = tomllib.loads(source)["name"]
        if name in sources:
            paths = sources[name]
            kept.append(re.sub(r"(?m)^paths = .*$", f"paths = {json.dumps(paths)}", source) if paths else source)
    assert len(kept) == len(sources), f"not all of {sorted(sources)} are sources of {SHARED_MANIFEST}"
    path = folder / "shared_subset.toml"
    root = json.dumps(str(load_manifest(SHARED_MANIFEST).root))
    path.write_text(f"root = {root}\n" + "".join(f"[[source]]{source}" for source in kept), encoding="utf-8")
    return path
