"""Hostile and malformed specs: the end-of-run summary of what was tried and found."""

from __future__ import annotations

import pytest

from hostile_tally import TALLY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLY.tried_anything():
        return
    write = terminalreporter.write_line
    terminalreporter.section("hostile input")
    write(
        f"hostile specs: {len(TALLY.hostile_specs)} tried, {len(TALLY.generated)} generated, "
        f"{len(TALLY.refused)} refused with a placed error; {TALLY.operations_called} operations called through a mock transport"
    )
    write(f"malformed inputs: {len(TALLY.malformed_inputs)} tried through the CLI")
    write(f"fuzz examples: {TALLY.fuzz_examples} generated specs ({TALLY.fuzz_refused} refused with GeneratorError)")
    injected = "nothing" if not TALLY.injected else ", ".join(TALLY.injected)
    write(f"injected: {injected} (canary files checked {TALLY.canary_checks} times)")
    if TALLY.generated:
        lost = "nothing: every operation of every generated hostile spec has a method" if not TALLY.lost else ", ".join(TALLY.lost)
        write(f"lost: {lost}")
    for line in TALLY.measurements:
        write(f"large spec: {line}")
