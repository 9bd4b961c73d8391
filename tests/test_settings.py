"""Settings: one declaration, every one documented in the README and given a command-line
option, resolved once (option, environment, default) into typed values; and the error policy
of the command line: a user's mistake is `error: ...` and exit 1, a bug is a traceback."""

from __future__ import annotations

import ast
import dataclasses
import pathlib

import pytest
from repo_paths import REPO

from analytics import settings
from analytics.cli import commands, main, parsing, serve
from analytics.errors import MediaAnalyticsError, QueryTimeout, StoreError, UserError
from analytics.settings import Settings

README = REPO / "README.md"
SAMPLE_MANIFEST = REPO / "data/manifests/sample.toml"


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting):
    row = f"| `{setting.name}` | `{setting.env_var}` | `{setting.default}` | {setting.help} |"
    assert row in README.read_text(encoding="utf-8")


def test_every_setting_is_a_typed_field_and_a_command_line_option():
    assert [f.name for f in dataclasses.fields(Settings)] == [s.name for s in settings.SETTINGS]
    parser = parsing.parser()
    subparsers = next(a for a in parser._actions if a.dest == "command").choices
    flags = {flag for command in subparsers.values() for action in command._actions for flag in action.option_strings}
    assert {s.flag for s in settings.SETTINGS} <= flags
    assert settings.SETTINGS_BY_NAME["batch_size"].flag == "--batch-size"


def test_option_then_environment_then_default(monkeypatch):
    monkeypatch.setenv("MEDIA_ANALYTICS_PORT", "9001")
    assert Settings.resolve().port == 9001
    assert Settings.resolve({"port": "9002"}).port == 9002
    assert Settings.resolve({"port": None}).port == 9001
    monkeypatch.delenv("MEDIA_ANALYTICS_PORT")
    assert Settings.resolve().port == 8050
    assert Settings.resolve(environ={"MEDIA_ANALYTICS_PORT": "9003"}).port == 9003


def test_values_are_converted_by_type():
    resolved = Settings.resolve({"lock_wait": "2.5", "batch_size": "100", "store": "s.duckdb"}, environ={})
    assert resolved.lock_wait == 2.5 and isinstance(resolved.lock_wait, float)
    assert resolved.batch_size == 100
    assert resolved.store == pathlib.Path("s.duckdb")
    assert resolved.query_time_limit == 10.0 and isinstance(resolved.query_time_limit, float)
    assert resolved.agencies is None and resolved.scheduler is None and resolved.partitions is None
    assert Settings.resolve(environ={"MEDIA_ANALYTICS_AGENCIES": "a.toml"}).agencies == pathlib.Path("a.toml")


def test_a_value_that_is_not_of_its_type_names_where_it_came_from():
    with pytest.raises(UserError, match="MEDIA_ANALYTICS_PORT='nine' is not a whole number"):
        Settings.resolve(environ={"MEDIA_ANALYTICS_PORT": "nine"})
    with pytest.raises(UserError, match="--lock-wait='soon' is not a number"):
        Settings.resolve({"lock_wait": "soon"}, environ={})
    with pytest.raises(KeyError, match="no such setting: colour"):
        Settings.resolve({"colour": "red"})


def test_the_defaults_the_library_uses_are_the_settings_defaults():
    from analytics.queries.engine import QUERY_TIME_LIMIT_S
    from analytics.store.store import DEFAULT_LOCK_WAIT_S, Store

    defaults = Settings.resolve(environ={})
    assert QUERY_TIME_LIMIT_S == defaults.query_time_limit
    assert DEFAULT_LOCK_WAIT_S == defaults.lock_wait
    assert Store.open.__kwdefaults__["lock_wait"] == DEFAULT_LOCK_WAIT_S


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("settings") / "s.duckdb"
    assert main(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(path)]) == 0
    return path


def test_an_option_overrides_the_environment(sample_store, monkeypatch, capsys):
    monkeypatch.setenv("MEDIA_ANALYTICS_STORE", str(sample_store.with_name("elsewhere.duckdb")))
    assert main(["info", "--json"]) == 1
    assert "no store at" in capsys.readouterr().err
    assert main(["info", "--json", "--store", str(sample_store)]) == 0
    monkeypatch.setenv("MEDIA_ANALYTICS_LOCK_WAIT", "later")
    assert main(["info", "--json", "--store", str(sample_store)]) == 1
    assert "MEDIA_ANALYTICS_LOCK_WAIT='later' is not a number" in capsys.readouterr().err
    assert main(["info", "--json", "--store", str(sample_store), "--lock-wait", "0"]) == 0


def test_each_command_gets_the_settings_of_its_options(sample_store, monkeypatch):
    seen = {}

    def recorder(command: str):
        def run(args, resolved: Settings) -> int:
            seen[command] = resolved
            return 0

        return run

    monkeypatch.setattr(commands, "run_report", recorder("report"))
    monkeypatch.setattr(serve, "run_dashboard", recorder("dashboard"))
    monkeypatch.setenv("MEDIA_ANALYTICS_QUERY_TIME_LIMIT", "20")
    assert main(["report", "--store", str(sample_store), "--out", "r", "--lock-wait", "1.5"]) == 0
    assert main(["dashboard", "--query-time-limit", "3", "--port", "8123", "--store", str(sample_store)]) == 0
    report = seen["report"]
    assert (report.lock_wait, report.store, report.query_time_limit) == (1.5, sample_store, 20.0)
    assert (seen["dashboard"].query_time_limit, seen["dashboard"].port) == (3.0, 8123)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["ingest", "--manifest", "m.toml", "--batch-size", "lots"], "--batch-size='lots' is not a whole number"),
        (["ingest", "--manifest", "m.toml", "--workers", "two"], "--workers='two' is not a whole number"),
        (["dashboard", "--query-time-limit", "ten"], "--query-time-limit='ten' is not a number"),
        (["dashboard", "--port", "http"], "--port='http' is not a whole number"),
        (["ingest", "a.csv", "--manifest", "m.toml"], "give either PATH... or --manifest, not both"),
    ],
)
def test_a_bad_value_is_a_clear_error_with_exit_1(argv, message, capsys):
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert f"error: {message}" in err and "Traceback" not in err


def test_the_errors_users_can_fix_share_one_base():
    from analytics.enrich.attribution.registry import RegistryError
    from analytics.enrich.tags import TagAliasError
    from analytics.evaluate.scoring import GoldError
    from analytics.ingest.manifest import ManifestError
    from analytics.present.exports import ExportError
    from analytics.queries import engine
    from analytics.queries.filters import FilterError
    from analytics.store import store

    for error in (ManifestError, RegistryError, TagAliasError, GoldError, FilterError, ExportError, engine.QueryError):
        assert issubclass(error, UserError) and issubclass(error, ValueError)
    assert store.StoreError is StoreError and issubclass(store.StoreBusy, StoreError)
    assert engine.QueryTimeout is QueryTimeout
    for error in (UserError, StoreError, QueryTimeout):
        assert issubclass(error, MediaAnalyticsError)


def test_a_users_mistake_is_one_line_a_bug_is_a_traceback(sample_store, monkeypatch, capsys):
    def busy(args, resolved):
        raise StoreError("the store is busy")

    monkeypatch.setattr(commands, "run_info", busy)
    assert main(["info", "--store", str(sample_store)]) == 1
    assert capsys.readouterr().err.strip() == "error: the store is busy"

    def bug(args, resolved):
        raise RuntimeError("a bug")

    monkeypatch.setattr(commands, "run_info", bug)
    with pytest.raises(RuntimeError, match="a bug"):
        main(["info", "--store", str(sample_store)])

    def plain_value_error(args, resolved):
        raise ValueError("not a user's mistake")

    monkeypatch.setattr(commands, "run_info", plain_value_error)
    with pytest.raises(ValueError, match="not a user's mistake"):
        main(["info", "--store", str(sample_store)])


def test_only_the_settings_module_reads_the_environment():
    readers = []
    for folder in ("analytics", "dashboard"):
        for path in sorted((REPO / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
                if name in ("environ", "getenv", "environb", "putenv", "unsetenv"):
                    readers.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert readers and all(r.startswith("analytics/settings.py:") for r in readers), readers


def test_the_product_never_imports_the_benchmarks():
    importers = []
    for folder in ("analytics", "dashboard"):
        for path in sorted((REPO / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                modules = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                if any(m == "benchmarks" or m.startswith("benchmarks.") for m in modules):
                    importers.append(str(path.relative_to(REPO)))
    assert importers == []


@pytest.mark.parametrize(
    "options, message",
    [
        (["--timezone", "Mars/Olympus"], "unknown default_tz 'Mars/Olympus'"),
        (["--language", "123"], "Unknown language(s): '123'"),
        (["--engine", "dask", "--scheduler", "x"], "cannot reach the Dask scheduler at x"),
    ],
)
def test_a_bad_ingest_option_found_deep_down_is_still_a_users_mistake(tmp_path, capsys, options, message):
    if "dask" in options:
        pytest.importorskip("distributed", reason="dask[distributed] is installed by `make test`")
    data = tmp_path / "a.csv"
    data.write_text("title,body\nHello,A short article body.\n", encoding="utf-8")
    assert main(["ingest", str(data), "--store", str(tmp_path / "s.duckdb"), "--workers", "1", *options]) == 1
    err = capsys.readouterr().err
    assert f"error: {message}" in err and "Traceback" not in err
