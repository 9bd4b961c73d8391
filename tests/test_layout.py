"""The layout: the README's Layout table follows the import contracts, and the dashboard holds no SQL.

The contracts themselves are checked by `lint-imports` (make check, run by make test).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib

from repo_paths import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
README = (REPO / "README.md").read_text(encoding="utf-8")
SQL = re.compile(r"\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|CREATE\s+(?:TABLE|VIEW)|DELETE\s+FROM|UPDATE\s+\w+\s+SET)\b")


def _layers() -> list[list[str]]:
    """The stage packages (without `analytics.`), top (cli) to bottom (text), as the layers contract lists them;
    siblings that may not import each other share a layer."""
    contracts = PYPROJECT["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    return [[name.strip().removeprefix("analytics.") for name in layer.split("|")] for layer in layers]


def test_every_stage_package_is_a_layer() -> None:
    packages = {p.parent.name for p in (REPO / "analytics").glob("*/__init__.py")}
    assert packages == {name for layer in _layers() for name in layer}


def test_readme_layout_lists_the_stages_in_pipeline_order() -> None:
    layout = README[README.index("## Layout") :]
    rows = re.findall(r"^\| `analytics/(\w+)/` \|", layout, flags=re.MULTILINE)
    layers = _layers()
    assert sorted(rows) == sorted(name for layer in layers for name in layer)
    position = {name: n for n, name in enumerate(rows)}
    for upper, lower in zip(layers, layers[1:], strict=False):  # every package of a lower layer comes first
        assert min(position[u] for u in upper) > max(position[w] for w in lower), (upper, lower)


def test_the_dashboard_holds_no_sql() -> None:
    found = []
    for path in sorted((REPO / "dashboard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.value[:60]!r}")
    assert found == []


def test_the_sql_pattern_finds_sql() -> None:
    assert SQL.search("SELECT count(*) AS n FROM articles")
    assert SQL.search("INSERT INTO tags SELECT * FROM rows")
    assert not SQL.search("Select the outlets from the list")


def test_serving_the_dashboard_imports_neither_ingest_nor_the_reports() -> None:
    """What `media-analytics dashboard` loads before it serves (its start-up time, benchmarks/RESULTS.md)."""
    probe = (
        "import sys; from analytics.cli import COMMAND_MODULES; import importlib, dashboard.app; "
        "importlib.import_module(COMMAND_MODULES['dashboard']); "
        "print(' '.join(m for m in sys.modules if m.startswith(('analytics.ingest', 'analytics.evaluate', 'openpyxl'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == []
