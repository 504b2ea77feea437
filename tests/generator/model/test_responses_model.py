"""Success responses in the IR: statuses, kinds, headers, and the Accept header each
operation sends (checked against what orq-ai-sdk, made by Speakeasy, sends)."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

import pytest

from openapi_sdkgen.model import ir
from openapi_sdkgen.model.responses import accept_headers
from openapi_sdkgen.pipeline import build

ROOT = Path(__file__).resolve().parents[3]
FEATURES = ROOT / "tests" / "specs" / "responses.yaml"
ORQ_FULL = ROOT.parent / "shared" / "specs" / "orq-full.yaml"


def operations(spec: Path) -> Dict[str, ir.Operation]:
    api, _ = build(spec, None, lenient=True)
    return {op.operation_id: op for op in api.operations}


def test_accept_headers_follow_speakeasy() -> None:
    assert accept_headers((), False) == ("*/*", "text/event-stream")
    assert accept_headers(("image/png",), False) == ("image/png", "text/event-stream")
    assert accept_headers(("application/json", "text/event-stream"), True) == (
        "application/json;q=1, text/event-stream;q=0",
        "text/event-stream;q=1, application/json;q=0",
    )
    assert accept_headers(("video/mp4", "image/webp", "application/json"), False)[0] == "video/mp4;q=1, image/webp;q=0.5, application/json;q=0"


def test_every_success_status_is_an_outcome() -> None:
    ops = operations(FEATURES)
    create = ops["createTodo"]
    assert [(r.status, r.kind) for r in create.responses] == [("201", "json"), ("204", "none")]
    assert [h.wire_name for h in create.responses[0].headers] == ["Location", "X-RateLimit-Remaining"]
    assert isinstance(create.response_headers, ir.Ref)
    assert [(r.status, r.kind) for r in ops["getReport"].responses] == [("200", "json"), ("202", "json")]
    assert [r.kind for r in ops["getAttachment"].responses] == ["binary"]
    assert [r.kind for r in ops["getNotes"].responses] == ["binary"]  # text is streamed too
    assert [r.kind for r in ops["downloadFile"].responses] == ["binary"]  # a JSON string: a file
    assert [r.status for r in ops["ping"].responses] == ["default"]  # no 2xx: default is the success
    assert ops["deleteTodo"].accept == "*/*" and ops["deleteTodo"].responses[0].kind == "none"
    speech = ops["createSpeech"]
    assert speech.stream is not None and speech.stream.switch is None and speech.responses[0].kind == "binary"


@pytest.mark.fullspec
@pytest.mark.skipif(not ORQ_FULL.is_file(), reason=f"{ORQ_FULL} is absent: the real-world specs live beside the repository")
def test_orq_accept_headers_are_the_ones_orq_ai_sdk_sends() -> None:
    """orq-ai-sdk 4.14.0rc44 (Speakeasy), read from its code: 225 operations send
    application/json, 27 */*, 3 text/event-stream, 4 the q-weighted pair."""
    ops = operations(ORQ_FULL)
    assert ops["DeleteAgent"].accept == "application/json"  # 204, but a JSON 404
    assert ops["ApiKeyDelete"].accept == "*/*"  # 204 and nothing else
    assert ops["StreamAgent"].accept == "text/event-stream"
    chat = next(op for op in ops.values() if op.path == "/v2/router/chat/completions")
    assert (chat.accept, chat.stream_accept) == ("application/json;q=1, text/event-stream;q=0", "text/event-stream;q=1, application/json;q=0")
    counts: Dict[str, int] = {}
    for op in ops.values():
        counts[op.accept] = counts.get(op.accept, 0) + 1
    assert (counts["application/json"], counts["*/*"], counts["text/event-stream"], counts["application/json;q=1, text/event-stream;q=0"]) == (225, 27, 3, 4)


def test_the_diff_sees_every_status(tmp_path: Path) -> None:
    """A status that adds a type, or a bodiless one removed, changes what the method returns."""
    import yaml

    from openapi_sdkgen.pipeline import diff

    spec = yaml.safe_load(FEATURES.read_text(encoding="utf-8"))
    del spec["paths"]["/todos"]["post"]["responses"]["204"]
    spec["paths"]["/todos/{todo_id}"]["get"]["responses"]["202"] = {"description": "Later.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pending"}}}}
    newer = tmp_path / "newer.yaml"
    newer.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    changes, _, _ = diff(FEATURES, newer, None)
    found = {(c.method, c.path): c for c in changes}
    assert found[("todos.create", "response")].breaking is False  # no longer nullable
    assert found[("todos.retrieve", "response")].breaking is True  # Todo -> Todo | Pending
