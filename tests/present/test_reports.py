"""CSV reports on the hand-made store of handmade_store.py: files, columns, BOM, formula
neutralisation, manifest counts, filters, streaming."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pandas as pd
import pytest
from handmade_store import INGESTED, OWN_FEED_ID, build_store, own_feed_article
from reuse_store import STORY_A, build_reuse_store

from analytics import __version__
from analytics.present import reports
from analytics.queries import catalog
from analytics.queries.engine import NO_LIMIT
from analytics.queries.filters import Filters, filters_from
from analytics.schema import COLUMNS, Article
from analytics.store.store import Store

BOM = "\ufeff".encode("utf-8")
HOSTILE = Article(
    article_id="z99",
    source_ref="hand/=z99.txt",
    outlet="+Evil Outlet",
    outlet_id="evil_outlet",
    outlet_name="+Evil Outlet",  # a display name from a user's outlet registry
    outlet_kind="online",
    url="https://example.org/z99",
    title='=HYPERLINK("http://evil.example","click")',
    body="=1+1 in the body is never exported",
    captions=["@SUM(A1:A9)"],
    author="-2+3",
    editor="\tTabbed",
    source_line="\rCarriage",
    published_raw="-",
    published_at=dt.datetime(2024, 3, 6, 1, 0, tzinfo=dt.UTC),
    published_local=dt.datetime(2024, 3, 6, 8, 0),
    tz_label="WIB",
    published_method="table",
    event_date=dt.date(2024, 3, 8),
    event_lag_days=-2,
    language="id",
    tags=["=cmd"],
    content_hash="hash-z99",
    ingested_at=INGESTED,
)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    path = build_store(
        root / "s.duckdb",
        extra_articles=[HOSTILE],
        extra_attributions=[("z99", "reuters", "source")],
        extra_tags=[("z99", "tag", "=cmd", "=cmd|' /C calc'!A0")],
    )
    progress = []
    with Store.open(path, read_only=True) as store:
        manifest = reports.write_report(store, root / "out", on_progress=lambda *a: progress.append(a))
    return root / "out", manifest, progress


def _read(path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _table_rows() -> list[list[str]]:
    """The rows (file, contents, columns) of the table in the reports module docstring (what the README shows)."""
    rows = []
    for line in reports.__doc__.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 3:
            rows.append([cells[0].strip("`"), cells[1], cells[2]])
    return rows


def _documented() -> dict[str, list[str]]:
    """file -> columns, from the table in the reports module docstring."""
    return {file: [c.strip() for c in columns.split(",") if c.strip()] for file, _, columns in _table_rows()}


def test_every_file_is_written_with_its_documented_columns(report):
    out, manifest, _ = report
    documented = _documented()
    assert list(documented) == list(reports.FILES)
    assert sorted(p.name for p in out.iterdir()) == sorted(reports.FILES)
    for name, columns in documented.items():
        if name.endswith(".csv"):
            assert _read(out / name)[0] == columns, name
            assert manifest["files"][name]["columns"] == columns, name
    assert documented["articles.csv"] == [c for c in COLUMNS if c != "body"]
    assert documented["attributions.csv"] == [
        "article_id",
        "source_ref",
        "outlet",
        "outlet_id",
        "outlet_name",
        "outlet_kind",
        "published_at",
        "agency",
        "role",
        "evidence",
        "confidence",
    ]


def test_the_documented_analyses_are_the_catalogs():
    documented = {file: contents for file, contents, _ in _table_rows()}
    assert reports.ANALYSES == tuple(catalog.ANALYSES.values())
    for analysis in catalog.ANALYSES.values():
        assert documented[analysis.file] == analysis.description, analysis.name
        assert _documented()[analysis.file] == list(analysis.columns), analysis.name


def test_every_csv_is_utf8_with_a_bom(report):
    out, _, _ = report
    for path in out.glob("*.csv"):
        assert path.read_bytes().startswith(BOM), path.name
    assert not (out / "manifest.json").read_bytes().startswith(BOM)


def test_manifest_counts_the_rows_of_every_file(report):
    out, manifest, _ = report
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest
    for name, facts in manifest["files"].items():
        assert facts["rows"] == len(_read(out / name)) - 1, name
    rows = {name: facts["rows"] for name, facts in manifest["files"].items()}
    assert rows["articles.csv"] == 13 and rows["attributions.csv"] == 16  # 12 + 15 by hand, plus z99 and its credit
    assert rows["attribution_by_agency.csv"] == 6  # reuters ap antara kcna xinhua afp
    assert rows["attribution_by_role.csv"] == 4
    assert rows["date_quality.csv"] == 5 * 5  # Kompas, Tempo, Wire Daily, (unknown), +Evil Outlet
    assert rows["overview.csv"] == 7
    assert manifest["version"] == __version__ and manifest["options"] == {"freq": "month"}
    assert manifest["filters"]["outlets"] == [] and manifest["query_string"] == ""
    assert manifest["store"].endswith("s.duckdb")
    assert dt.datetime.fromisoformat(manifest["created_at"]).tzinfo is not None


def test_formula_cells_are_neutralised_in_every_file(report):
    out, _, _ = report
    articles = {row[0]: dict(zip(_read(out / "articles.csv")[0], row)) for row in _read(out / "articles.csv")[1:]}
    hostile = articles["z99"]
    assert hostile["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert hostile["outlet"] == "'+Evil Outlet"
    assert hostile["author"] == "'-2+3"
    assert hostile["editor"] == "'\tTabbed"
    assert hostile["source_line"] == "'\rCarriage"
    assert hostile["published_raw"] == "'-"
    assert hostile["captions"] == '["@SUM(A1:A9)"]' and hostile["tags"] == '["=cmd"]'  # JSON starts with [
    assert hostile["event_lag_days"] == "-2"  # a number the store holds, not text: left as a number
    for path in out.glob("*.csv"):
        for row in _read(path):
            for value in row:
                if value[:1] in ("=", "+", "@", "\t", "\r"):
                    pytest.fail(f"{path.name}: unneutralised cell {value!r}")
                if value.startswith("-") and not re.fullmatch(r"-\d+(\.\d+)?(e-?\d+)?", value):
                    pytest.fail(f"{path.name}: unneutralised cell {value!r}")
    by_outlet = {row[1]: row for row in _read(out / "attribution_by_outlet.csv")[1:]}  # by outlet_name
    assert "'+Evil Outlet" in by_outlet and by_outlet["'+Evil Outlet"][0] == "evil_outlet"
    tags = {row[1]: row for row in _read(out / "tag_frequencies.csv")[1:]}
    assert tags["'=cmd"][2] == "'=cmd|' /C calc'!A0"


def test_articles_csv_has_no_body_and_writes_times_dates_and_lists(report):
    out, _, _ = report
    rows = _read(out / "articles.csv")
    header, records = rows[0], {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}
    assert "body" not in header
    a01 = records["a01"]
    assert a01["published_at"] == "2024-03-03T17:30:00+00:00"  # 00:30 WIB
    assert a01["published_local"] == "2024-03-04T00:30:00"
    assert a01["event_date"] == "2024-03-03" and a01["event_lag_days"] == "1"
    assert a01["tags"] == '["korea-utara", "china"]' and a01["places"] == "[]"
    assert records["a04"]["published_at"] == "" and records["a04"]["published_issue"] == "missing"
    assert records["a12"]["outlet"] == ""  # a missing outlet stays empty in the raw table


def test_attributions_csv(report):
    out, _, _ = report
    rows = _read(out / "attributions.csv")
    a01 = [row for row in rows[1:] if row[0] == "a01"]
    assert [(r[7], r[8]) for r in a01] == [("reuters", "source"), ("reuters", "dateline"), ("ap", "photo")]
    assert a01[0][1:7] == ["hand/a01.txt", "Kompas", "kompas", "Kompas", "online", "2024-03-03T17:30:00+00:00"]
    assert a01[0][9:] == ["reuters as source in a01", "0.9"]


def test_analysis_files_match_the_api(report):
    out, _, _ = report
    agencies = pd.read_csv(out / "attribution_by_agency.csv", encoding="utf-8-sig")
    assert agencies[["agency", "count", "total"]].values.tolist()[:2] == [["reuters", 5, 13], ["ap", 3, 13]]
    timeline = pd.read_csv(out / "publication_timeline.csv", encoding="utf-8-sig")
    assert timeline["period"].iloc[0] == "2024-03-01"  # months, as dates
    lag = pd.read_csv(out / "event_lag.csv", encoding="utf-8-sig")
    assert lag[["lag_days", "count"]].values.tolist()[0] == [-2, 1]  # z99


def test_analysis_files_are_what_cell_writes_for_the_apis_frames(report, tmp_path):
    out, _, _ = report  # the report formats a frame a column at a time (frame_cells), here value by value
    with Store.open(out.parent / "s.duckdb", read_only=True) as store:
        for analysis in reports.ANALYSES:
            frame = analysis.report_frame(store, Filters(), freq="month", registry=None, time_limit=NO_LIMIT)
            reports.write_csv(tmp_path / analysis.file, analysis.columns, frame.itertuples(index=False, name=None))
            assert (out / analysis.file).read_bytes() == (tmp_path / analysis.file).read_bytes(), analysis.file


def test_progress_streams_the_large_files(tmp_path, monkeypatch):
    monkeypatch.setattr(reports, "FETCH_ROWS", 5)
    path = build_store(tmp_path / "s.duckdb")
    calls = []
    with Store.open(path, read_only=True) as store:
        reports.write_report(store, tmp_path / "out", on_progress=lambda *a: calls.append(a))
    total = len(reports.ANALYSES) + len(reports.REUSE_ROWS) + 12 + 15
    assert all(t == total for _, t, _ in calls) and calls[-1][0] == total
    done = [d for d, _, name in calls if name == "articles.csv"]
    assert len(done) >= 3  # 12 articles in batches of at most 5: written as they arrive
    assert [d for d, _, _ in calls] == sorted(d for d, _, _ in calls)


def test_a_filtered_report(tmp_path):
    path = build_store(tmp_path / "s.duckdb")
    filters = filters_from(outlets=["Kompas"], roles=["source", "dateline"])
    with Store.open(path, read_only=True) as store:
        manifest = reports.write_report(store, tmp_path / "out", filters, freq="week")
    rows = {name: facts["rows"] for name, facts in manifest["files"].items()}
    # Kompas articles with a source or dateline credit: a01 a02 a04; their source/dateline credits: 4
    assert rows["articles.csv"] == 3 and rows["attributions.csv"] == 4
    assert manifest["filters"]["outlets"] == ["Kompas"] and manifest["options"] == {"freq": "week"}
    assert manifest["query_string"] == "outlets=Kompas&roles=source&roles=dateline"
    weeks = _read(tmp_path / "out" / "publication_timeline.csv")[1:]
    # period, outlet_id, outlet_name, outlet_kind, count, total: a01 a02 credited; a04 undated. The roles
    # pick what is counted: the total is every Kompas article of the week (a05 in the second week, uncredited)
    with Store.open(path, read_only=True) as store:
        kompas_weeks = store.connection.execute(
            "SELECT CAST(date_trunc('week', published_local) AS DATE), count(*) FROM articles "
            "WHERE outlet = 'Kompas' AND published_local IS NOT NULL GROUP BY 1 ORDER BY 1"
        ).fetchall()
    assert [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in weeks] == [
        (week.isoformat(), "kompas", "Kompas", "online", str(count), str(total))
        for (week, total), count in zip(kompas_weeks, (2, 0), strict=True)
    ]


def test_the_manifest_says_what_the_wire_dependence_files_leave_out(tmp_path):
    path = build_store(
        tmp_path / "s.duckdb",
        extra_articles=[own_feed_article()],
        extra_attributions=[(OWN_FEED_ID, "kcna", "dateline")],
        extra_credits={OWN_FEED_ID: (True, "kcna")},
    )
    with Store.open(path, read_only=True) as store:
        default = reports.write_report(store, tmp_path / "default")
        every_kind = reports.write_report(store, tmp_path / "all", filters_from(outlet_kind="all"))
    left_out = default["left_out"]
    assert (left_out["outlet_kinds"], left_out["articles"]) == (["agency"], 1)  # a13, KCNA's own feed
    assert left_out["files"] == [
        "overview.csv",
        "outlet_agency_matrix.csv",
        "wire_copy_by_outlet.csv",
        "state_vs_independent.csv",
    ]
    assert "own feeds" in left_out["note"] and "1 article" in left_out["note"]
    assert every_kind["left_out"] == {"outlet_kinds": [], "articles": 0, "files": [], "note": None}
    assert every_kind["query_string"] == "outlet_kind=all"

    def wire(folder: str) -> dict[str, list[str]]:
        return {row[0]: row[3:] for row in _read(tmp_path / folder / "wire_copy_by_outlet.csv")[1:]}

    assert "kcna" not in wire("default") and wire("all")["kcna"] == ["1", "1", "1.0"]  # count, total, share
    overview = {row[0]: row[1:] for row in _read(tmp_path / "default" / "overview.csv")[1:]}
    assert overview["wire_copy"][:2] == ["8", "12"] and overview["articles"][:2] == ["13", "13"]
    # KCNA crediting itself is still an attribution: in the agency files either way
    agencies = {row[0]: row[3] for row in _read(tmp_path / "default" / "attribution_by_agency.csv")[1:]}
    assert agencies["kcna"] == "3"  # a03 a10 a13


def test_a_report_replaces_the_files_of_an_earlier_one(tmp_path):
    path = build_store(tmp_path / "s.duckdb")
    with Store.open(path, read_only=True) as store:
        reports.write_report(store, tmp_path / "out")
        second = reports.write_report(store, tmp_path / "out", filters_from(outlets=["Tempo"]))
    assert second["files"]["articles.csv"]["rows"] == 4 == len(_read(tmp_path / "out" / "articles.csv")) - 1
    assert not list((tmp_path / "out").glob(".*"))  # no partial files left behind


ODD = Article(  # every kind of cell the streamed files must write as `cell` and csv.writer do
    article_id="z98",
    source_ref="hand/z98.txt",
    outlet="-\u0663",
    url=None,
    title='\x01"quoted", then\r\na new line',
    body="b",
    captions=["back\\slash", "tab\tand\x1f", 'q"uote', "é 中 😀", "\u2028"],
    author="-1e5",
    editor=" =x",
    source_line="",
    published_raw="+",
    published_at=dt.datetime(999, 1, 2, 3, 4, 5, 60, tzinfo=dt.UTC),
    published_local=dt.datetime(2024, 3, 6, 8, 0, 0, 500000),
    tz_label=None,
    published_method="table",
    event_date=dt.date(999, 1, 1),
    event_lag_days=0,
    language="id",
    tags=[],
    places=None,
    content_hash="hash-z98",
    ingested_at=INGESTED,
)


def test_streamed_files_are_what_cell_and_csv_writer_write(tmp_path):
    path = build_store(
        tmp_path / "s.duckdb",
        extra_articles=[HOSTILE, ODD],
        extra_attributions=[("z99", "reuters", "source"), ("z98", "ap", "cited")],
    )
    with Store.open(path, read_only=True) as store:
        reports.write_report(store, tmp_path / "out")
        for name, sql in (
            (
                "articles.csv",
                f"SELECT {', '.join(reports.ARTICLE_COLUMNS)} FROM articles ORDER BY source_ref, article_id",
            ),
            (
                "attributions.csv",
                "SELECT t.article_id, a.source_ref, a.outlet, a.outlet_id, a.outlet_name, a.outlet_kind, "
                "a.published_at, t.agency, t.role, "
                "t.evidence, t.confidence FROM attributions t JOIN articles a USING (article_id) ORDER BY a.source_ref, "
                "t.article_id, list_position(['source', 'dateline', 'photo', 'cited'], t.role), t.agency",
            ),
        ):
            table = store.cursor().sql(sql).arrow().read_all()
            rows = zip(*(column.to_pylist() for column in table.columns))
            columns = reports.ARTICLE_COLUMNS if name == "articles.csv" else reports.ATTRIBUTION_COLUMNS
            reports.write_csv(tmp_path / name, columns, rows)
            assert (tmp_path / "out" / name).read_bytes() == (tmp_path / name).read_bytes(), name
    rows = _read(tmp_path / "out" / "articles.csv")
    odd = {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}["z98"]
    assert (odd["outlet"], odd["author"], odd["editor"], odd["published_raw"]) == ("-\u0663", "-1e5", " =x", "'+")
    assert odd["published_at"] == "0999-01-02T03:04:05.000060+00:00" and odd["event_date"] == "0999-01-01"


def test_csv_bytes_for_dashboard_downloads():
    frame = pd.DataFrame(
        {
            "outlet": ["=Evil", "Kompas"],
            "count": [1, -2],
            "share": [0.5, float("nan")],
            "period": pd.to_datetime(["2024-03-04", None]),
            "label": pd.Series(["-3", None], dtype="string"),
        }
    )
    data = reports.csv_bytes(frame)
    assert data.startswith(BOM)
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [
        ["outlet", "count", "share", "period", "label"],
        ["'=Evil", "1", "0.5", "2024-03-04", "-3"],
        ["Kompas", "-2", "", "", ""],
    ]


def test_the_reuse_rows_are_written_in_their_columns(tmp_path):
    path = build_reuse_store(tmp_path / "reuse.duckdb")
    with Store.open(path, read_only=True) as store:
        manifest = reports.write_report(store, tmp_path / "out")
        kompas = reports.write_report(store, tmp_path / "kompas", filters_from(outlets=["kompas"]))
    pairs = _read(tmp_path / "out" / "reuse_pairs.csv")
    assert pairs[0] == list(reports.PAIR_COLUMNS)
    # reuse_store.py: every two members of story A (4 articles), B (3) and C (2)
    assert len(pairs) - 1 == manifest["files"]["reuse_pairs.csv"]["rows"] == 6 + 3 + 1
    assert pairs[1][:6] == ["r01", "hand/r01.txt", "KCNA", "r02", "hand/r02.txt", "Kompas"]
    assert pairs[1][6] == "1.0" and pairs[1][8:] == [STORY_A.rstrip("."), "a"]
    uncredited = _read(tmp_path / "out" / "uncredited_agency_copy.csv")
    assert uncredited[0] == list(reports.UNCREDITED_COLUMNS)
    assert [row[:5] for row in uncredited[1:]] == [
        ["r02", "hand/r02.txt", "Kompas", "kcna", "r01"],
        ["r06", "hand/r06.txt", "Kompas", "reuters", "r05"],
        ["r04", "hand/r04.txt", "Tempo", "kcna", "r01"],
    ]
    # both articles of a pair under the filters: Kompas's r06 and r07
    assert kompas["files"]["reuse_pairs.csv"]["rows"] == 1
    assert kompas["files"]["uncredited_agency_copy.csv"]["rows"] == 2
    lag = pd.read_csv(tmp_path / "out" / "syndication_lag.csv", encoding="utf-8-sig")
    assert lag["total"].tolist() == [5] * len(lag)
