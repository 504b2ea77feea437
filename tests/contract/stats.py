"""Counters of the contract suite, printed at the end of the run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Set


@dataclass
class ContractStats:
    replays: int = 0
    exchanges: Set[str] = field(default_factory=set)
    unchecked: Set[str] = field(default_factory=set)  # responses the spec cannot check (undeclared status)
    prism_calls: int = 0
    prism_skipped: str = ""
