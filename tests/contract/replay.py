"""Replay of a recorded exchange through the SDK over an httpx.MockTransport.

Each request the SDK sends is compared field by field with the recording and
validated against the spec; the recorded response (also validated) is returned; the
SDK's typed result, or the error it raised, is then compared with the expected outcome.
Retries never sleep: the client's sleep functions are replaced by recorders.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, List, Optional

import httpx

from contract import sdk
from contract.compare import diff, field_differences, request_differences, show
from contract.calls import perform
from contract.exchange import Exchange, ExpectedRequest, Outcome
from contract.openapi_check import SpecValidator
from contract.redact import redact_request
from contract.wire import ObservedRequest, build_response

REPLAY_API_KEY = "sk-replay-0123456789"


class ContractFailure(AssertionError):
    """The SDK and a recording (or the spec) disagree."""


class RequestDrift(ContractFailure):
    """The SDK sent a request that differs from the recorded one."""


class SpecViolation(ContractFailure):
    """A request or response does not conform to the spec."""


@dataclass(frozen=True)
class Mode:
    is_async: bool
    split: bool = False  # SSE bodies cut mid-event across chunks

    @property
    def id(self) -> str:
        return ("async" if self.is_async else "sync") + ("-split" if self.split else "")


def modes(exchange: Exchange) -> List[Mode]:
    """sync and async; exchanges with an SSE response also replay split across chunks."""
    splits = (False, True) if exchange.streams else (False,)
    return [Mode(is_async, split) for split in splits for is_async in (False, True)]


@dataclass
class Replay:
    """One replay of one exchange; `handler` is the MockTransport's."""

    exchange: Exchange
    validator: SpecValidator
    mode: Mode
    tmp: Path
    requests: List[ObservedRequest] = field(default_factory=list)
    sleeps: List[float] = field(default_factory=list)
    unchecked: List[str] = field(default_factory=list)

    def handler(self, request: httpx.Request) -> httpx.Response:
        index = len(self.requests)
        observed = ObservedRequest.from_httpx(request)
        self.requests.append(observed)
        total = len(self.exchange.interactions)
        where = f"{self.exchange.path.name}, request {index + 1} of {total}"
        if index >= total:
            raise RequestDrift(
                f"{where}: unexpected request {observed.method} {observed.path} (only {total} recorded)"
            )
        expected = self.exchange.interactions[index]
        differences = request_differences_redacted(expected.request, observed)
        if differences:
            raise RequestDrift(f"{where} differs from the recording:\n  " + "\n  ".join(differences))
        self._check_spec(self.validator.check_request(observed).problems, where)
        recorded = expected.response
        report = self.validator.check_response(
            observed, recorded.status, httpx.Headers(dict(recorded.headers)), recorded.body()
        )
        self._check_spec(report.problems, f"{where}, recorded response")
        self.unchecked.extend(report.unchecked)
        return build_response(recorded, request, split=self.mode.split)

    def _check_spec(self, problems: List[str], where: str) -> None:
        if problems:
            raise SpecViolation(f"{where} violates the spec:\n  " + "\n  ".join(problems))

    def client(self) -> Any:
        transport = httpx.MockTransport(self.handler)
        if self.mode.is_async:
            client = sdk.Client(api_key=REPLAY_API_KEY, async_client=httpx.AsyncClient(transport=transport))
        else:
            client = sdk.Client(api_key=REPLAY_API_KEY, client=httpx.Client(transport=transport))
        config = client._client.config
        config.sleep = self.sleeps.append
        config.async_sleep = self._async_sleep
        return client

    async def _async_sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def run(self) -> None:
        """Replay the exchange and check everything; raises ContractFailure with the differences."""
        result, error = perform(self.client(), self.exchange.call, self.mode.is_async, self.tmp)
        if isinstance(error, ContractFailure):
            raise error
        problems = outcome_differences(self.exchange.outcome, result, error)
        if len(self.requests) < len(self.exchange.interactions):
            problems.append(
                f"requests: {len(self.exchange.interactions)} recorded, the SDK sent {len(self.requests)}"
            )
        problems.extend(_sleep_differences(self.exchange.outcome, self.sleeps))
        if problems:
            raise ContractFailure(
                f"{self.exchange.path.name} ({self.mode.id}): the outcome differs:\n  "
                + "\n  ".join(problems)
            )


def request_differences_redacted(expected: ExpectedRequest, observed: ObservedRequest) -> List[str]:
    """The replay client's key is compared as the fixtures' placeholder."""
    return request_differences(expected, redact_request(observed, [REPLAY_API_KEY]))


def outcome_differences(outcome: Outcome, result: Any, error: Optional[BaseException]) -> List[str]:
    if outcome.kind == "error":
        return _error_differences(outcome, error)
    if error is not None:
        return [f"outcome: expected a {outcome.type_name}, the SDK raised {type(error).__name__}: {error}"]
    if outcome.kind == "result":
        if type(result).__name__ != outcome.type_name:
            return [f"result: expected a {outcome.type_name}, got {type(result).__name__}"]
        return field_differences(outcome.fields, result, "result")
    if not isinstance(result, list):
        return [f"events: expected a stream of {outcome.type_name}, got {type(result).__name__}"]
    problems = (
        []
        if len(result) == len(outcome.fields)
        else [f"events: expected {len(outcome.fields)} events, got {len(result)}"]
    )
    for index, (fields, event) in enumerate(zip(outcome.fields, result)):
        if type(event).__name__ != outcome.type_name:
            problems.append(f"events[{index}]: expected a {outcome.type_name}, got {type(event).__name__}")
        problems.extend(field_differences(fields, event, f"events[{index}]"))
    return problems


def _error_differences(outcome: Outcome, error: Optional[BaseException]) -> List[str]:
    if error is None:
        return [f"outcome: expected {outcome.type_name} (status {outcome.status}), the call succeeded"]
    if type(error).__name__ != outcome.type_name:
        return [f"error: expected {outcome.type_name}, got {type(error).__name__}: {error}"]
    problems = []
    status = getattr(error, "status_code", None)
    if status != outcome.status:
        problems.append(f"error.status_code: expected {outcome.status}, got {status}")
    if outcome.body_json is not None:
        try:
            body = json.loads(getattr(error, "body", ""))
        except ValueError:
            problems.append(f"error.body: expected JSON, got {show(getattr(error, 'body', None))}")
        else:
            problems.extend(diff(outcome.body_json, body, "error.body"))
    problems.extend(field_differences(outcome.fields, error, "error"))
    return problems


def _sleep_differences(outcome: Outcome, sleeps: List[float]) -> List[str]:
    expected = list(outcome.sleeps)
    if len(expected) == len(sleeps) and all(
        math.isclose(e, s, abs_tol=1e-6) for e, s in zip(expected, sleeps)
    ):
        return []
    return [f"sleeps: expected {expected} seconds between attempts, the SDK asked for {sleeps}"]
