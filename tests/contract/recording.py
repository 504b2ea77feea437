"""Recording new exchange fixtures from a live server, credentials redacted.

`RecordingTransport` wraps the SDK's transport: every request is forwarded unchanged and
kept, with its response, in the fixture format. `record()` makes one SDK call through it
and writes the fixture: the call, each request and response, and the outcome the SDK
produced. The API key becomes `<API_KEY>` wherever it appears (credential headers keep
only their scheme), and the written file is checked to hold no trace of it.

Refresh a fixture against the real API (the key comes from ORQ_API_KEY):

    PYTHONPATH=tests:generated/src .venv/bin/python -m contract.recording \\
        --from tests/contract/exchanges/chat_completions_minimal.yaml \\
        --server-url https://my.orq.ai --out tests/contract/exchanges/chat_completions_minimal.yaml

Only the call of `--from` is reused; the rest is recorded anew. The client makes one
attempt unless the call passes `retries`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import httpx
import yaml

from contract import sdk
from contract.compare import as_data
from contract.calls import perform
from contract.exchange import API_KEY_PLACEHOLDER, Call, dump, encode_base64
from contract.redact import redact_bytes, redact_header, redact_text
from contract.wire import ObservedRequest, parse_sse

# Request headers every request carries or that depend on the machine: not part of a fixture.
_UNRECORDED_REQUEST_HEADERS = frozenset(
    {"host", "content-length", "user-agent", "accept-encoding", "connection"}
)
_RECORDED_RESPONSE_HEADERS = ("content-type", "retry-after", "retry-after-ms")


class RecordingTransport(httpx.BaseTransport):
    """Forwards every request to `inner` and keeps each exchange, redacted, as fixture data."""

    def __init__(self, inner: httpx.BaseTransport, secrets: Sequence[str]) -> None:
        self.inner = inner
        self.secrets = [s for s in secrets if s]
        self.interactions: List[Dict[str, Any]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        response = self.inner.handle_request(request)
        response.read()
        self.interactions.append(interaction(request, response, self.secrets))
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncRecordingTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, secrets: Sequence[str]) -> None:
        self.inner = inner
        self.secrets = [s for s in secrets if s]
        self.interactions: List[Dict[str, Any]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        response = await self.inner.handle_async_request(request)
        await response.aread()
        self.interactions.append(interaction(request, response, self.secrets))
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


# --- one exchange as fixture data ---------------------------------------------------------


def interaction(request: httpx.Request, response: httpx.Response, secrets: Sequence[str]) -> Dict[str, Any]:
    return {
        "request": _request(ObservedRequest.from_httpx(request), secrets),
        "response": _response(response, secrets),
    }


def _request(observed: ObservedRequest, secrets: Sequence[str]) -> Dict[str, Any]:
    data: Dict[str, Any] = {"method": observed.method, "path": redact_text(observed.path, secrets)}
    if observed.query:
        data["query"] = [[redact_text(k, secrets), redact_text(v, secrets)] for k, v in observed.query]
    data["headers"] = _request_headers(observed, secrets)
    if not observed.content:
        return data
    if observed.media_type == "multipart/form-data":
        data["multipart"] = [_part(part, secrets) for part in observed.parts()]
    elif _is_json(observed.media_type):
        data["json"] = _redact_data(json.loads(observed.content), secrets)
    else:
        data["base64"] = encode_base64(redact_bytes(observed.content, secrets))
    return data


def _request_headers(observed: ObservedRequest, secrets: Sequence[str]) -> Dict[str, Any]:
    headers: Dict[str, Any] = {}
    for name, value in observed.headers.multi_items():
        name = name.lower()
        if name in _UNRECORDED_REQUEST_HEADERS:
            continue
        if name == "content-type" and observed.media_type == "multipart/form-data":
            headers[name] = {"pattern": r"multipart/form-data; boundary=\S+"}  # the boundary is random
        else:
            headers[name] = redact_header(name, value, secrets)
    return headers


def _part(part: Any, secrets: Sequence[str]) -> Dict[str, Any]:
    if part.content is not None:
        data = {"name": part.name, "filename": redact_text(part.filename or "", secrets)}
        if part.content_type:
            data["content_type"] = part.content_type
        data["base64"] = encode_base64(redact_bytes(part.content, secrets))
        return data
    text = redact_text(part.value, secrets)
    try:
        value = json.loads(text)
    except ValueError:
        return {"name": part.name, "value": text}
    return (
        {"name": part.name, "json": value}
        if isinstance(value, (dict, list))
        else {"name": part.name, "value": text}
    )


def _response(response: httpx.Response, secrets: Sequence[str]) -> Dict[str, Any]:
    data: Dict[str, Any] = {"status": response.status_code}
    headers = {
        name: redact_text(response.headers[name], secrets)
        for name in _RECORDED_RESPONSE_HEADERS
        if name in response.headers
    }
    if headers:
        data["headers"] = headers
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    content = redact_bytes(response.content, secrets)
    if not content:
        return data
    if media_type == "text/event-stream":
        data["sse"] = [_event(event, text) for event, text in parse_sse(content)]
    elif _is_json(media_type):
        try:
            data["json"] = json.loads(content)
        except ValueError:
            data["base64"] = encode_base64(content)
    elif media_type.startswith("text/"):
        data["text"] = content.decode("utf-8", "replace")
    else:
        data["base64"] = encode_base64(content)
    return data


def _event(event: Optional[str], text: str) -> Dict[str, Any]:
    data: Dict[str, Any] = {}
    if event is not None:
        data["event"] = event
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    data["data"] = value if isinstance(value, (dict, list)) else text
    return data


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


def _redact_data(value: Any, secrets: Sequence[str]) -> Any:
    if isinstance(value, str):
        return redact_text(value, secrets)
    if isinstance(value, list):
        return [_redact_data(item, secrets) for item in value]
    if isinstance(value, dict):
        return {redact_text(k, secrets): _redact_data(v, secrets) for k, v in value.items()}
    return value


# --- recording one call ---------------------------------------------------------------------


def record(
    call: Call,
    out: Path,
    *,
    server_url: str,
    api_key: str,
    description: str,
    transport: Optional[httpx.BaseTransport] = None,
    async_transport: Optional[httpx.AsyncBaseTransport] = None,
    is_async: bool = False,
    workdir: Optional[Path] = None,
) -> Path:
    """Make `call` against `server_url` and write the exchange to `out`."""
    secrets = [api_key]
    recorder: Any
    if is_async:
        recorder = AsyncRecordingTransport(async_transport or httpx.AsyncHTTPTransport(), secrets)
        client = sdk.Client(
            api_key=api_key,
            server_url=server_url,
            retry_config=None,
            async_client=httpx.AsyncClient(transport=recorder),
        )
    else:
        recorder = RecordingTransport(transport or httpx.HTTPTransport(), secrets)
        client = sdk.Client(
            api_key=api_key, server_url=server_url, retry_config=None, client=httpx.Client(transport=recorder)
        )
    sleeps: List[float] = []
    _record_sleeps(client, sleeps)
    result, error = perform(client, call, is_async, workdir or out.parent)
    if error is not None and not isinstance(error, sdk.errors.APIError):
        raise error  # not an answer of the server: nothing to record
    document = {
        "description": redact_text(description, secrets),
        "call": {
            "resource": call.resource,
            "method": call.method,
            "args": _redact_data(dict(call.args), secrets),
        },
        "interactions": recorder.interactions,
        "outcome": outcome(result, error, sleeps, secrets),
    }
    dump(document, out)
    text = out.read_text(encoding="utf-8")
    if api_key in text:  # a last guard; every value above is already redacted
        out.write_text(redact_text(text, secrets), encoding="utf-8")
    return out


def _record_sleeps(client: Any, sleeps: List[float]) -> None:
    """Keep the delays the SDK asks for between attempts (and really wait them: the server is live)."""
    config = client._client.config
    sleep, async_sleep = config.sleep, config.async_sleep

    def recording_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        sleep(seconds)

    async def recording_async_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        await async_sleep(seconds)

    config.sleep, config.async_sleep = recording_sleep, recording_async_sleep


def outcome(
    result: Any, error: Optional[Exception], sleeps: List[float], secrets: Sequence[str]
) -> Dict[str, Any]:
    """The outcome section: the typed result's fields, each event's, or the error."""
    data: Dict[str, Any] = {"sleeps": sleeps} if sleeps else {}
    if error is not None:
        status = getattr(error, "status_code", None)
        spec: Dict[str, Any] = {"type": type(error).__name__, "status": status}
        try:
            spec["body_json"] = _redact_data(json.loads(getattr(error, "body", "")), secrets)
        except ValueError:
            pass
        data["error"] = spec
    elif isinstance(result, list):
        types = {type(event).__name__ for event in result}
        data["events"] = {
            "type": types.pop() if len(types) == 1 else "",
            "fields": [_redact_data(as_data(e), secrets) for e in result],
        }
    else:
        data["result"] = {"type": type(result).__name__, "fields": _redact_data(as_data(result), secrets)}
    return data


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Record an exchange fixture from a live server.")
    parser.add_argument(
        "--from", dest="source", type=Path, required=True, help="a fixture whose call to make"
    )
    parser.add_argument("--server-url", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--description", help="defaults to the source fixture's")
    args = parser.parse_args(argv)
    api_key = os.environ.get(sdk.API_KEY_ENV, "")
    if not api_key:
        print(f"error: set {sdk.API_KEY_ENV} to the API key to record with", file=sys.stderr)
        return 2
    with args.source.open(encoding="utf-8") as handle:
        source = yaml.safe_load(handle)
    call = Call(source["call"]["resource"], source["call"]["method"], source["call"].get("args") or {})
    record(
        call,
        args.out,
        server_url=args.server_url,
        api_key=api_key,
        description=args.description or source["description"],
    )
    print(f"recorded {args.out} ({API_KEY_PLACEHOLDER} stands for the key)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
