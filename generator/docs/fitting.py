"""Scalar example values that satisfy their schema's constraints (`ir.Constraints`).

A server checks what the SDK sends: a placeholder `"<value>"` for a Twilio account
sid (`^AC[0-9a-fA-F]{32}$`) or a uuid is rejected before the call does anything. So an
example value is checked against its constraints (`satisfies`), and a placeholder is
made to fit them (`fitting_string`, `fitting_number`): a known value per format, a
string drawn from the pattern (rstr, seeded: the same string on every run), numbers
inside their range on a multiple of `multipleOf`. `"<value>"` stays only where nothing
constrains the string.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, Optional, Tuple, Union
from urllib.parse import urlsplit

from openapi_sdkgen.model import ir

PLACEHOLDER = "<value>"

# A value for each format we know, valid for it and recognisably an example.
_FORMAT_VALUES = {
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "iri": "https://example.com",
    "uri-reference": "https://example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "ZXhhbXBsZQ==",
    "time": "09:30:00Z",
    "duration": "P1D",
}
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SEEDS = 8  # strings drawn per pattern: the shortest that fits is kept


def satisfies(value: Union[str, int, float], c: Optional[ir.Constraints]) -> bool:
    """Whether a string or number meets the constraints (those that apply to its kind)."""
    if c is None:
        return True
    if isinstance(value, str):
        return _string_ok(value, c)
    return _number_ok(value, c)


def _string_ok(value: str, c: ir.Constraints) -> bool:
    if c.min_length is not None and len(value) < c.min_length:
        return False
    if c.max_length is not None and len(value) > c.max_length:
        return False
    if c.pattern is not None:
        compiled = _compiled(c.pattern)
        if compiled is not None and not compiled.search(value):
            return False
    return _format_ok(value, c.format)


def _format_ok(value: str, fmt: Optional[str]) -> bool:
    if fmt == "uuid":
        return bool(_UUID.match(value))
    if fmt in ("email", "idn-email"):
        return bool(_EMAIL.match(value))
    if fmt in ("uri", "url", "iri"):
        parts = urlsplit(value)
        return bool(parts.scheme) and bool(parts.netloc or parts.path)
    return True


def _number_ok(value: Union[int, float], c: ir.Constraints) -> bool:
    if c.minimum is not None and (value < c.minimum or (c.exclusive_minimum and value == c.minimum)):
        return False
    if c.maximum is not None and (value > c.maximum or (c.exclusive_maximum and value == c.maximum)):
        return False
    if c.multiple_of is not None:
        quotient = value / c.multiple_of
        return math.isclose(quotient, round(quotient), rel_tol=0, abs_tol=1e-9)
    return True


def fitting_string(c: Optional[ir.Constraints]) -> str:
    """A string that meets `c`: its format's example, else one drawn from its pattern,
    else `"<value>"` fitted to its length limits."""
    if c is None:
        return PLACEHOLDER
    candidates = []
    if c.format in _FORMAT_VALUES:
        candidates.append(_FORMAT_VALUES[c.format])
    if c.pattern is not None:
        candidates += _drawn(c.pattern)
    candidates += [PLACEHOLDER, "value"]
    if c.min_length is not None or c.max_length is not None:
        length = max(c.min_length or 1, 1) if c.max_length is None else min(max(c.min_length or 1, 1), c.max_length)
        candidates += [("value" * (length // 5 + 1))[:length]]
    return next((s for s in candidates if _string_ok(s, c)), candidates[0])


@lru_cache(maxsize=None)
def _drawn(pattern: str) -> Tuple[str, ...]:
    """Strings matching `pattern`, shortest first, the same on every run (seeded draws);
    drawn once per pattern, however many schemas share it."""
    compiled = _compiled(pattern)
    if compiled is None:
        return ()
    import random

    found = set()
    for seed in range(_SEEDS):
        try:
            drawn = _short_xeger()(random.Random(seed)).xeger(pattern)
        except Exception:  # rstr does not know every construct Python's re parses
            return ()
        if compiled.search(drawn):
            found.add(drawn)
    return tuple(sorted(found, key=lambda s: (len(s), s)))


@lru_cache(maxsize=None)
def _short_xeger() -> Any:
    """rstr's generator, drawing at most two repeats more than a quantifier's minimum:
    the shortest match is wanted, and rstr's default (up to 100 for `*` and `+`) makes a
    pattern of nested repeats take seconds."""
    from rstr.xeger import Xeger  # only for specs with patterns

    class ShortXeger(Xeger):
        def _handle_repeat(self, start_range: int, end_range: int, value: Any) -> str:
            return str(super()._handle_repeat(start_range, min(end_range, start_range + 2), value))

    return ShortXeger


def _compiled(pattern: str) -> Optional["re.Pattern[str]"]:
    """The pattern as Python reads it; None when it uses syntax Python's `re` lacks
    (ECMA-262 `\\p{...}`, for one): such a pattern constrains nothing we can check."""
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return None


def fitting_number(kind: str, c: Optional[ir.Constraints], usual: Optional[Union[int, float]] = None) -> Union[int, float]:
    """A number of `kind` ("int" or "float") that meets `c`: the usual placeholder (123,
    123.45, or `usual`) when it does, else the lowest (or highest) bound moved inside, on a
    multiple of `multipleOf`."""
    if usual is None:
        usual = 123 if kind == "int" else 123.45
    if c is None or _number_ok(usual, c):
        return usual
    step = c.multiple_of if c.multiple_of is not None else (1 if kind == "int" else 0.5)
    if kind == "int" and c.multiple_of is not None and c.multiple_of != int(c.multiple_of):
        step = 1
    if c.minimum is not None:
        start = math.ceil(c.minimum / step) * step
        if c.exclusive_minimum and start == c.minimum:
            start += step
        value: Union[int, float] = start
    elif c.maximum is not None:
        end = math.floor(c.maximum / step) * step
        if c.exclusive_maximum and end == c.maximum:
            end -= step
        value = end
    else:
        value = step * round(usual / step)
    if kind == "int":
        value = int(value)
    return value if _number_ok(value, c) else usual
