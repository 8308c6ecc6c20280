"""JSON from outside, bounded before it is parsed: a body too large or nested too deep is refused
without building it (Python's parser recurses and would end in a ``RecursionError``).

:func:`nesting` scans the raw bytes once, counting brackets outside strings, and stops as soon as
the limit is passed, so a hostile body costs at most one pass over its allowed size.
"""

from __future__ import annotations

import json
from typing import Any

OPENERS, CLOSERS = frozenset(b"[{"), frozenset(b"]}")
QUOTE, BACKSLASH = ord('"'), ord("\\")


class TooDeep(ValueError):
    """The document nests arrays and objects deeper than allowed."""


def nesting(body: bytes, limit: int) -> int:
    """The deepest nesting of arrays and objects in ``body`` (raises :class:`TooDeep` past ``limit``)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == BACKSLASH:
                escaped = True
            elif byte == QUOTE:
                in_string = False
        elif byte == QUOTE:
            in_string = True
        elif byte in OPENERS:
            depth += 1
            if depth > limit:
                raise TooDeep(depth)
            deepest = max(deepest, depth)
        elif byte in CLOSERS:
            depth -= 1
    return deepest


def loads(body: bytes, *, max_depth: int) -> Any:
    """Parse ``body`` once its nesting is known to be within ``max_depth`` (ValueError otherwise)."""
    nesting(body, max_depth)
    return json.loads(body)
