"""The validation keywords of a scalar schema, as `ir.Constraints` (for the docs' examples)."""

from __future__ import annotations

import math
from typing import Any, Dict, Optional

from openapi_sdkgen.model import ir

_FORMATS = frozenset({"uuid", "email", "idn-email", "uri", "url", "uri-reference", "iri", "hostname", "ipv4", "ipv6", "byte", "time", "duration"})


def constraints_of(schema: Dict[str, Any]) -> Optional[ir.Constraints]:
    """The constraints `schema` puts on its values; None when it puts none we keep."""
    pattern = schema.get("pattern")
    fmt = schema.get("format")
    found = ir.Constraints(
        pattern=pattern if isinstance(pattern, str) and pattern else None,
        format=fmt if isinstance(fmt, str) and fmt in _FORMATS else None,
        min_length=_count(schema.get("minLength")),
        max_length=_count(schema.get("maxLength")),
        minimum=_number(schema.get("minimum")),
        maximum=_number(schema.get("maximum")),
        multiple_of=_number(schema.get("multipleOf")),
    )
    exclusive_min, exclusive_max = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if _number(exclusive_min) is not None:  # 3.1: the bound itself
        found = _replace(found, minimum=_number(exclusive_min), exclusive_minimum=True)
    elif exclusive_min is True and found.minimum is not None:  # 3.0: a flag on `minimum`
        found = _replace(found, exclusive_minimum=True)
    if _number(exclusive_max) is not None:
        found = _replace(found, maximum=_number(exclusive_max), exclusive_maximum=True)
    elif exclusive_max is True and found.maximum is not None:
        found = _replace(found, exclusive_maximum=True)
    if found.multiple_of is not None and found.multiple_of <= 0:
        found = _replace(found, multiple_of=None)
    return None if found == ir.Constraints() else found


def _replace(c: ir.Constraints, **changes: Any) -> ir.Constraints:
    from dataclasses import replace

    return replace(c, **changes)


def _count(value: Any) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _number(value: Any) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return value
