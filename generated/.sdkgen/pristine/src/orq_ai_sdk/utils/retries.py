"""Retry configuration and the pure helpers that decide whether and how long to wait."""

import random
import time
from dataclasses import dataclass
from typing import Callable, Mapping, Optional, Sequence


@dataclass(frozen=True)
class BackoffStrategy:
    """Exponential backoff; all values in milliseconds."""

    initial_interval: int
    max_interval: int
    exponent: float
    max_elapsed_time: int


DEFAULT_BACKOFF = BackoffStrategy(500, 60_000, 1.5, 3_600_000)


@dataclass(frozen=True)
class RetryConfig:
    """`strategy` is "backoff" or "none"; connection errors are retried only if asked."""

    strategy: str
    backoff: Optional[BackoffStrategy] = None
    retry_connection_errors: bool = False


def status_matches(status: int, patterns: Sequence[str]) -> bool:
    """True if `status` matches any of `patterns`, e.g. "429" or "5XX"."""
    code = str(status)
    for pattern in patterns:
        if pattern == code or (pattern[1:].upper() == "XX" and pattern[0] == code[0]):
            return True
    return False


def retry_after_seconds(headers: Mapping[str, str], now: Optional[float] = None) -> Optional[float]:
    """Server-requested delay from `retry-after-ms` or `Retry-After` (seconds or HTTP date)."""
    value = headers.get("retry-after-ms")
    if value is not None:
        ms = _number(value)
        if ms is not None:
            return ms / 1000
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _number(value)
    if seconds is not None:
        return seconds
    from email.utils import parsedate_to_datetime  # rare path: keep imports light

    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def _number(value: str) -> Optional[float]:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if 0 <= number < float("inf") else None


def backoff_delay(
    backoff: BackoffStrategy,
    attempt: int,
    retry_after: Optional[float] = None,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before retry number `attempt` (0-based).

    The server's Retry-After wins; otherwise "full jitter": uniform in
    [0, min(max_interval, initial_interval * exponent ** attempt)].
    """
    if retry_after is not None:
        return retry_after
    try:
        ceiling = min(backoff.max_interval, backoff.initial_interval * backoff.exponent**attempt)
    except OverflowError:
        ceiling = backoff.max_interval
    return rand() * ceiling / 1000


def next_delay(
    backoff: BackoffStrategy,
    attempt: int,
    elapsed: float,
    retry_after: Optional[float] = None,
    rand: Callable[[], float] = random.random,
) -> Optional[float]:
    """Like `backoff_delay`, but None once waiting would exceed max_elapsed_time."""
    delay = backoff_delay(backoff, attempt, retry_after, rand)
    if (elapsed + delay) * 1000 > backoff.max_elapsed_time:
        return None
    return delay
