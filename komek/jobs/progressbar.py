"""A progress bar for a job run in the foreground by a command (rich, drawn on stderr when it is a
terminal, so that scripts reading stdout see nothing of it)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def foreground_progress(title: str) -> Iterator[Callable[[int, int, str], None]]:
    """Yields ``on_chunk(done, total, stage)`` that moves the bar; nothing is drawn off a terminal."""
    console = Console(stderr=True)
    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console, transient=True, disable=not sys.stderr.isatty(),
    )  # fmt: skip
    task = bar.add_task(title, total=None)
    with bar:

        def on_chunk(done: int, total: int, stage: str) -> None:
            bar.update(task, completed=done, total=total, description=f"{title}: {stage}")

        yield on_chunk
