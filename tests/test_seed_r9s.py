"""Seed 002, an r9s page: its example runs as written against the SDK generated from
../shared/specs/r9s-relay.yaml (package `r9s`, client `R9S`, Speakeasy's names chosen by the
spec's extensions), and our page for the resource has the seed's format."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, Tuple

import pytest

from mockapi import MockAPI, patch_httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
R9S_SPEC = SHARED / "specs" / "r9s-relay.yaml"
SEED = "002_953ed02bc5112001.txt"
IMAGES = "/v1/images/generations"


@pytest.fixture(scope="module")
def r9s(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tuple[Any, Path]]:
    if not R9S_SPEC.is_file() or not (SHARED / "seeds" / SEED).is_file():
        pytest.skip(f"{R9S_SPEC} or seed {SEED} is absent: seeds and real-world specs live beside the repository")
    out = tmp_path_factory.mktemp("r9s")
    config = out.parent / "r9s.yaml"
    config.write_text("package: r9s\ndistribution: r9s\nsdk_class: R9S\nenv_prefix: R9S\nversion: 0.9.0\ndocs_layout: current\n")
    subprocess.run([sys.executable, "-m", "openapi_sdkgen", "generate", str(R9S_SPEC), "-o", str(out), "--config", str(config)], check=True, cwd=ROOT, capture_output=True)
    sys.path.insert(0, str(out / "src"))
    try:
        yield importlib.import_module("r9s"), out
    finally:
        sys.path.remove(str(out / "src"))
        for name in [m for m in sys.modules if m == "r9s" or m.startswith("r9s.")]:
            del sys.modules[name]


def seed_text() -> str:
    return (SHARED / "seeds" / SEED).read_text(encoding="utf-8")


def example(text: str, operation_id: str) -> str:
    match = re.search(rf'operationID="{operation_id}"[^\n]*-->\n```python\n(.*?)```', text, re.S)
    assert match, f"no example for {operation_id}"
    return match.group(1)


def run(code: str) -> Dict[str, Any]:
    namespace: Dict[str, Any] = {"__name__": "__seed_example__"}
    exec(compile(code, "<seed example>", "exec"), namespace)
    return namespace


IMAGE_RESPONSE = {"created": 1712345678, "data": [{"url": "https://cdn.example.com/cat.png", "revised_prompt": "a cat"}]}


def test_seed_002_runs_as_written(r9s: Tuple[Any, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("R9S_API_KEY", raising=False)
    api = MockAPI()
    api.json("POST", IMAGES, IMAGE_RESPONSE)
    patch_httpx(monkeypatch, api)

    namespace = run(example(seed_text(), "createImageGeneration"))

    (request,) = api.requests
    assert (request.method, str(request.url)) == ("POST", "https://api.r9s.ai/v1/images/generations")
    assert request.headers["authorization"] == "Bearer <YOUR_BEARER_TOKEN_HERE>"
    assert request.headers["content-type"] == "application/json"
    assert request.json() == {
        "prompt": "A cute cat sitting on a windowsill",
        "model": "gpt-4o-mini",
        "n": 1,
        "quality": "standard",
        "response_format": "url",
        "size": "1024x1024",
        "style": "vivid",
    }
    res = namespace["res"]
    assert type(res).__name__ == "ImageGenerationResponse" and res.data[0].url == "https://cdn.example.com/cat.png"


def test_the_images_page_has_the_seed_format(r9s: Tuple[Any, Path]) -> None:
    ours = (r9s[1] / "docs" / "sdks" / "images" / "README.md").read_text(encoding="utf-8")
    theirs = seed_text()
    assert ours.splitlines()[:2] == theirs.splitlines()[:2] == ["# Images", "(*images*)"]
    section = ours[ours.index("\n## create\n") : ours.index("\n## ", ours.index("\n## create\n") + 1)]
    heading = re.compile(r"^#{1,6} .*$", re.M)
    assert heading.findall(section) == heading.findall(theirs[theirs.index("\n## create\n") :])
    comment = re.compile(r"<!-- UsageSnippet .*-->")
    assert comment.findall(section) == comment.findall(theirs)
    errors = lambda text: text[text.index("### Errors") :].split("\n\n")[1].strip("\n")  # noqa: E731
    assert errors(section) == errors(theirs)  # one class per status, errors.R9SDefaultError last
    # the page's own example runs too
    assert "r9_s.images.create(" in example(section, "createImageGeneration")


def test_the_official_sdks_error_names_are_importable(r9s: Tuple[Any, Path]) -> None:
    from r9s import errors

    assert errors.R9SDefaultError is errors.APIError and errors.R9SError is errors.APIError
    assert issubclass(errors.RateLimitError, errors.R9SError)
