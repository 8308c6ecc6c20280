"""What every benchmark needs: a database of its own, made anew, and timed steps printed as they end."""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable
from typing import Any


def recreate_database(url: str) -> None:
    """Drop and create the PostgreSQL database named by ``url`` (on the local server)."""
    import psycopg

    name = urllib.parse.urlparse(url).path.lstrip("/")
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def timed(label: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """Run ``func``, print ``label: N.N s`` and return its result with the seconds it took."""
    started = time.perf_counter()
    result = func(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.1f} s", flush=True)
    return result, seconds
