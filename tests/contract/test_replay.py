"""Every recorded exchange replays through the SDK, sync and async (SSE also split mid-event)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.stats import ContractStats
from contract.exchange import Exchange, load_all
from contract.openapi_check import SpecValidator
from contract.replay import Mode, Replay, modes

EXCHANGES = load_all()
CASES = [
    pytest.param(exchange, mode, id=f"{exchange.name}[{mode.id}]")
    for exchange in EXCHANGES
    for mode in modes(exchange)
]


@pytest.mark.parametrize("exchange, mode", CASES)
def test_replay(
    exchange: Exchange,
    mode: Mode,
    spec_validator: SpecValidator,
    tmp_path: Path,
    contract_stats: ContractStats,
) -> None:
    replay = Replay(exchange, spec_validator, mode, tmp_path)
    replay.run()
    contract_stats.replays += 1
    contract_stats.exchanges.add(exchange.name)
    contract_stats.unchecked.update(f"{exchange.name}: {reason}" for reason in replay.unchecked)
    assert len(replay.requests) == len(exchange.interactions)
