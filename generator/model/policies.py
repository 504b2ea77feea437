"""Retry and timeout policies from `x-speakeasy-retries` and `x-speakeasy-timeout`."""

from __future__ import annotations

import math
from typing import Any, Dict, Optional, Tuple

from openapi_sdkgen.model import ir
from openapi_sdkgen.model.types import TypeBuilder
from openapi_sdkgen.spec.resolve import Located


def retries(types: TypeBuilder, owner: Located) -> Optional[ir.RetryPolicy]:
    """The retry policy the spec gives `owner` (the document or an operation), if any."""
    try:
        return _retry_policy(owner.node.get("x-speakeasy-retries"))
    except ValueError as exc:
        types.fail(owner.child("x-speakeasy-retries"), f"x-speakeasy-retries: {exc}")
        return None


def timeout_ms(owner: Dict[str, Any]) -> Optional[int]:
    value = owner.get("x-speakeasy-timeout")
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) else None


def _retry_policy(ext: Any) -> Optional[ir.RetryPolicy]:
    """The policy of an `x-speakeasy-retries` extension; ValueError says what is malformed."""
    if not isinstance(ext, dict) or ext.get("strategy") != "backoff":
        return None
    backoff = ext.get("backoff") or {}
    codes = ext.get("statusCodes") or ["429", "500", "502", "503", "504"]
    if not isinstance(backoff, dict) or not isinstance(codes, list):
        raise ValueError("backoff must be a mapping and statusCodes a list")
    return ir.RetryPolicy(
        initial_interval=int(_number(backoff, "initialInterval", 500)),
        max_interval=int(_number(backoff, "maxInterval", 60000)),
        exponent=_number(backoff, "exponent", 1.5),
        max_elapsed_time=int(_number(backoff, "maxElapsedTime", 3600000)),
        status_codes=tuple(str(c) for c in codes),
        retry_connection_errors=bool(ext.get("retryConnectionErrors", True)),
    )


def _number(mapping: Dict[str, Any], key: str, default: float) -> float:
    value = mapping.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise ValueError(f"backoff.{key} must be a non-negative number, not {value!r}")
    return float(value)


_WRITES = ("POST", "PATCH")


def idempotency_header(params: Tuple[ir.Parameter, ...], method: str, configured: str) -> Optional[str]:
    """The header that carries an operation's idempotency key: its own header parameter named
    `Idempotency-Key` (or as the config's `idempotency_header`), else, for a POST or PATCH,
    the config's header; None when neither the spec nor the config asks for one."""
    names = {"idempotency-key", configured.lower()} - {""}
    for p in params:
        if p.location == "header" and p.wire_name.lower() in names:
            return p.wire_name
    return configured if configured and method in _WRITES else None
