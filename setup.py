"""Build: the hot pure-Python modules listed in pyproject.toml ([tool.media-analytics] compiled) are
compiled to C extensions with mypyc where it and a C compiler are at hand. When either is missing or
the build fails, nothing is compiled and the same modules run as plain Python, with the same output
(`python -c "from analytics.enrich import keywords; print(keywords.BUILD)"` says which is in use).
Set MEDIA_ANALYTICS_PURE=1 to build no extension. Everything else is in pyproject.toml."""

from __future__ import annotations

import os
import pathlib
import sys
import tomllib
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
COMPILED: list[str] = tomllib.loads((HERE / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["media-analytics"][
    "compiled"
]


def _say(message: str) -> None:
    print(f"media-analytics build: {message}", file=sys.stderr)


class OptionalBuildExt(build_ext):
    """build_ext that, when any compiled module fails to build, removes what it built and goes on:
    a half-built set (a module without the shared runtime mypyc gives a group) would not import."""

    def run(self) -> None:
        """Build the extensions, or none of them."""
        try:
            super().run()
        except Exception as error:  # the compiler is missing or fails: the plain-Python modules are used
            _say(f"compiling {', '.join(COMPILED)} failed ({error}); they run as plain Python")
            for extension in self.extensions:
                pathlib.Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            self.extensions = []


def extensions() -> list[Any]:
    """The mypyc extensions of COMPILED, or none when MEDIA_ANALYTICS_PURE is set or mypyc cannot translate them."""
    if os.environ.get("MEDIA_ANALYTICS_PURE"):
        _say("MEDIA_ANALYTICS_PURE is set: nothing compiled")
        return []
    try:
        from mypyc.build import mypycify

        return list(mypycify(COMPILED, opt_level="3"))
    except (ImportError, SystemExit, Exception) as error:  # no mypy in the build environment, or a type error
        _say(f"not compiling {', '.join(COMPILED)} ({error!r}); they run as plain Python")
        return []


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
