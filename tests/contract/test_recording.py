"""Recording against Prism writes a fixture that replays green and holds no trace of the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.exchange import API_KEY_PLACEHOLDER, Call, load
from contract.openapi_check import SpecValidator
from contract.prism import PrismServer
from contract.recording import main, record
from contract.replay import Replay, modes

SECRET = "sk-live-R3c0rd-5ecret-4242"
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

CALLS = {
    "json": Call(
        "router.images.generations",
        "create",
        {"prompt": f"a fox, key {SECRET}", "model": "openai/dall-e-3", "n": 1},
    ),
    "multipart": Call(
        "router.images.variations",
        "create",
        {
            "model": "openai/dall-e-2",
            "image": {"$file": {"name": "fox.png", "content_type": "image/png", "base64": PNG}},
            "user": SECRET,
            "orq": {"retry": {"count": 2}},
        },
    ),
    "stream": Call(
        "router",
        "chat_completions",
        {"messages": [{"role": "user", "content": "Hello"}], "model": "openai/gpt-4o", "stream": True},
    ),
}


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("kind", sorted(CALLS))
def test_a_recording_replays_green_without_the_key(
    prism: PrismServer, spec_validator: SpecValidator, tmp_path: Path, kind: str, is_async: bool
) -> None:
    out = tmp_path / f"recorded_{kind}.yaml"
    calls = prism.calls
    record(
        CALLS[kind],
        out,
        server_url=prism.url,
        api_key=SECRET,
        description=f"recorded {kind}",
        transport=prism.transport(),
        async_transport=prism.async_transport(),
        is_async=is_async,
        workdir=tmp_path,
    )
    assert prism.calls == calls + 1
    text = out.read_text(encoding="utf-8")
    assert SECRET not in text
    assert f"authorization: Bearer {API_KEY_PLACEHOLDER}" in text
    exchange = load(out)
    assert exchange.outcome.kind == ("events" if kind == "stream" else "result")
    for mode in modes(exchange):
        Replay(exchange, spec_validator, mode, tmp_path).run()


def test_the_key_is_redacted_in_bodies_too(prism: PrismServer, tmp_path: Path) -> None:
    out = record(
        CALLS["json"],
        tmp_path / "x.yaml",
        server_url=prism.url,
        api_key=SECRET,
        description="d",
        transport=prism.transport(),
    )
    exchange = load(out)
    assert exchange.interactions[0].request.json["prompt"] == f"a fox, key {API_KEY_PLACEHOLDER}"
    assert exchange.call.args["prompt"] == f"a fox, key {API_KEY_PLACEHOLDER}"


def test_the_command_line_needs_a_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ORQ_API_KEY", raising=False)
    source = Path(__file__).parent / "exchanges" / "images_generations_minimal.yaml"
    code = main(
        ["--from", str(source), "--server-url", "http://127.0.0.1:9", "--out", str(tmp_path / "o.yaml")]
    )
    assert code == 2 and "ORQ_API_KEY" in capsys.readouterr().err
    assert not (tmp_path / "o.yaml").exists()
