"""A user's registry file written for a test, and the check that an error names it and the line."""

from __future__ import annotations

import pathlib
import re


def user_file(tmp_path: pathlib.Path, text: str, *, name: str) -> pathlib.Path:
    """`text` written as the user's file `name` under `tmp_path`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_names_file_and_line(error: BaseException, path: pathlib.Path, line: int, message: str) -> None:
    """The error's text names the file, the line and says `message`."""
    text = str(error)
    assert str(path) in text and message in text, text
    assert re.search(rf"line {line}\b", text), text
