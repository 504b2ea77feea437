"""Dates and times as the API writes them (RFC 3339), parsed the same on every Python."""

import re
from datetime import datetime

_FRACTION = re.compile(r"(\.\d+)(?=[+-]\d\d:?\d\d$|$)")


def parse_datetime(datetime_string: str) -> datetime:
    """An RFC 3339 / ISO 8601 date-time (`2024-05-01T12:30:00.123456789Z`) as an aware
    `datetime` when it names its offset; `Z` is UTC, fractions longer than microseconds
    are cut to them."""
    text = datetime_string.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    text = _FRACTION.sub(lambda m: m.group(1)[:7].ljust(7, "0"), text, count=1)
    return datetime.fromisoformat(text)
