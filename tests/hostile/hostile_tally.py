"""What the hostile-input tests tried and found, for the end-of-run summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Set


@dataclass
class Tally:
    hostile_specs: Set[str] = field(default_factory=set)
    generated: Set[str] = field(default_factory=set)
    refused: Set[str] = field(default_factory=set)
    operations_called: int = 0
    malformed_inputs: Set[str] = field(default_factory=set)
    fuzz_examples: int = 0
    fuzz_refused: int = 0
    canary_checks: int = 0
    injected: List[str] = field(default_factory=list)  # canary files found
    lost: List[str] = field(default_factory=list)  # spec operations without a method
    measurements: List[str] = field(default_factory=list)  # time and memory of the large spec

    def tried_anything(self) -> bool:
        return bool(self.hostile_specs or self.malformed_inputs or self.fuzz_examples or self.measurements)


TALLY = Tally()
