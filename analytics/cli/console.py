"""Where the command writes: results on stdout, progress, messages and errors on stderr (rich consoles)."""

from __future__ import annotations

from rich.console import Console

out = Console()
err = Console(stderr=True)


def error(message: str) -> None:
    """`error: message` on stderr."""
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)


def warning(message: str) -> None:
    """`warning: message` on stderr."""
    err.print(f"[yellow]warning:[/yellow] {message}", highlight=False, soft_wrap=True)
