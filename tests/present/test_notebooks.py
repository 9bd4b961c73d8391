"""The notebooks in notebooks/: each one runs from top to bottom against the bundled sample
store, in a kernel of this virtual environment, and is committed without outputs."""

from __future__ import annotations

import pathlib
import re
import sys

import duckdb
import nbformat
import pytest
from nbclient import NotebookClient
from repo_paths import REPO

from analytics.cli import main
from analytics.present.notebook import open_store, setup, store_path
from analytics.settings import Settings

NOTEBOOK_DIR = REPO / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = {
    "01_corpus_overview.ipynb",
    "02_source_attribution.ipynb",
    "03_tags_and_timelines.ipynb",
    "04_text_reuse.ipynb",
}
CELL_TIMEOUT_S = 60  # per cell; a whole notebook takes a few seconds on the sample
# The first cell of every executed copy: which interpreter the kernel runs.
PROBE = "import sys\nprint(sys.prefix)"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> pathlib.Path:
    store = tmp_path_factory.mktemp("notebooks") / "sample.duckdb"
    assert main(["ingest", "--manifest", str(REPO / "data/manifests/sample.toml"), "--store", str(store)]) == 0
    return store


def test_the_notebooks_are_there():
    assert EXPECTED <= {path.name for path in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs_on_the_sample_store(path, sample_store, monkeypatch):
    # The kernel inherits this process's environment: the store setting points at the sample,
    # and no user registry or other store setting leaks in from the shell.
    monkeypatch.setenv("MEDIA_ANALYTICS_STORE", str(sample_store))
    monkeypatch.delenv("MEDIA_ANALYTICS_AGENCIES", raising=False)
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(PROBE))
    # kernel "python3" with argv[0] "python" is started with sys.executable, the venv's interpreter;
    # the working directory is notebooks/, as in JupyterLab.
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_S,
        allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on the first error

    assert notebook.cells[0].outputs[0]["text"].strip() == sys.prefix
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    assert f"store: {sample_store}\n" in printed, "the notebook did not open the sample store"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_committed_notebook_has_no_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {number} of {path.name} has outputs: clear them before committing"
            assert cell.execution_count is None, f"cell {number} of {path.name} has an execution count"
    assert "widgets" not in notebook.metadata, f"{path.name} holds widget state"
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_opens_the_store_from_the_setting(path):
    notebook = nbformat.read(path, as_version=4)
    source = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    # the shared set-up (analytics.present.notebook.setup opens the store of the setting), not a copy of it
    assert "from analytics.present.notebook import setup, table" in source and "store = setup()" in source
    assert "open_store" not in source and "set_option" not in source
    assert "FILTERS = filters_from(" in source


def test_open_store_opens_the_setting_s_store_read_only(sample_store, tmp_path):
    relative = pathlib.Path(sample_store.name)
    with open_store(Settings.resolve({"store": str(sample_store), "lock_wait": "0"})) as store:
        assert store.path == sample_store
        with pytest.raises(duckdb.Error, match="read-only"):
            store.connection.execute("DELETE FROM articles")
    # Jupyter runs kernels in notebooks/: a relative path is found from the repository root above
    root = tmp_path / "repo"
    (root / "notebooks").mkdir(parents=True)
    (root / "pyproject.toml").touch()
    (root / relative).touch()
    assert store_path(relative, cwd=root / "notebooks") == root / relative
    assert store_path(sample_store, cwd=root / "notebooks") == sample_store


# A share other than 0 % or 100 %, a count with a thousands separator, "N of M": what one store shows.
STORE_NUMBER = re.compile(
    r"(?<![\w.-])(?!100 ?%|0 ?%)\d+(?:[.,]\d+)* ?%|(?<![\w`-])\d{1,3}(?:,\d{3})+(?![\w`])|\b\d+ of \d+\b"
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_prose_states_no_numbers_of_one_store(path):
    """The prose says how to read a result; the numbers are in the tables, those of the store opened."""
    notebook = nbformat.read(path, as_version=4)
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "markdown":
            assert "On the sample" not in cell.source, f"cell {number} of {path.name}"
            assert STORE_NUMBER.findall(cell.source) == [], f"cell {number} of {path.name} states a store's numbers"


def test_the_notebook_setup_opens_the_store_of_the_setting_and_says_which(sample_store, capsys):
    capsys.readouterr()
    with setup(Settings.resolve({"store": str(sample_store), "lock_wait": "0"})) as store:
        assert store.path == sample_store
        with pytest.raises(duckdb.Error, match="read-only"):
            store.connection.execute("DELETE FROM articles")
    assert capsys.readouterr().out == f"store: {sample_store}\n"
