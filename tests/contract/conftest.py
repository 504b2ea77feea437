"""Fixtures of the contract suite: the spec validator, one Prism server per session, counters."""

from __future__ import annotations

from typing import Iterator

import pytest

from contract.openapi_check import SpecValidator
from contract.prism import PrismServer, PrismUnavailable, prism_executable
from contract.stats import ContractStats

STATS = pytest.StashKey[ContractStats]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[STATS] = ContractStats()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    stats = config.stash.get(STATS, None)
    if stats is None or not (stats.replays or stats.prism_calls or stats.prism_skipped):
        return
    write = terminalreporter.write_line
    terminalreporter.write_sep("-", "contract tests")
    write(f"replayed {len(stats.exchanges)} recorded exchanges ({stats.replays} replays)")
    if stats.unchecked:
        write(
            f"{len(stats.unchecked)} recorded error responses have a status the spec does not declare (not validated)"
        )
    skipped = f" (Prism layer skipped: {stats.prism_skipped})" if stats.prism_skipped else ""
    write(f"{stats.prism_calls} calls to the Prism mock server{skipped}")


@pytest.fixture(scope="session")
def contract_stats(pytestconfig: pytest.Config) -> ContractStats:
    return pytestconfig.stash[STATS]


@pytest.fixture(scope="session")
def spec_validator() -> SpecValidator:
    return SpecValidator()


@pytest.fixture(scope="session")
def prism(
    tmp_path_factory: pytest.TempPathFactory, spec_validator: SpecValidator, contract_stats: ContractStats
) -> Iterator[PrismServer]:
    """One Prism mock server for the whole session (it takes seconds to start)."""
    try:
        prism_executable()
    except PrismUnavailable as exc:
        contract_stats.prism_skipped = str(exc)
        pytest.skip(str(exc))
    server = PrismServer(tmp_path_factory.mktemp("prism"), spec_validator)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        contract_stats.prism_calls += server.calls
