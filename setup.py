"""Build: the C extensions listed in pyproject.toml ([tool.media-analytics] compiled), such as the keyword
extractor's core (analytics/enrich/_keywords.c), where a C compiler is at hand. When it is missing or the
build fails, nothing is compiled and the modules that use them run as plain Python, with the same output
(`python -c "from analytics.enrich import keywords; print(keywords.BUILD)"` says which is in use).
Set MEDIA_ANALYTICS_PURE=1 to build no extension. Everything else is in pyproject.toml."""

from __future__ import annotations

import os
import pathlib
import sys
import tomllib

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
COMPILED: list[str] = tomllib.loads((HERE / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["media-analytics"][
    "compiled"
]
# Warnings are errors to fix, not to live with; no floating-point contraction (a fused multiply-add
# rounds once where Python rounds twice, and the extensions must compute as Python does).
COMPILE_ARGS = ["-O2", "-Wall", "-Wextra", "-ffp-contract=off"]


def _say(message: str) -> None:
    print(f"media-analytics build: {message}", file=sys.stderr)


class OptionalBuildExt(build_ext):
    """build_ext that, when any extension fails to build, removes what it built and goes on: the
    modules that use them fall back to plain Python."""

    def run(self) -> None:
        """Build the extensions, or none of them."""
        try:
            super().run()
        except Exception as error:  # the compiler is missing or fails: the plain-Python code is used
            _say(f"compiling {', '.join(COMPILED)} failed ({error}); plain Python runs instead")
            for extension in self.extensions:
                pathlib.Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            self.extensions = []


def extensions() -> list[Extension]:
    """The C extensions of COMPILED (`analytics/enrich/_keywords.c` is `analytics.enrich._keywords`), or
    none when MEDIA_ANALYTICS_PURE is set."""
    if os.environ.get("MEDIA_ANALYTICS_PURE"):
        _say("MEDIA_ANALYTICS_PURE is set: nothing compiled")
        return []
    return [
        Extension(
            str(pathlib.PurePosixPath(source).with_suffix("")).replace("/", "."),
            [source],
            extra_compile_args=COMPILE_ARGS,
        )
        for source in COMPILED
    ]


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
