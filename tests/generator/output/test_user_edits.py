"""Edits users make to generated files survive regeneration; a clash is a reported conflict;
the hooks file is written once and registered by every client."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Tuple

import pytest

from cli_support import ROOT, sdkgen

RESOURCE = "src/orq_ai_sdk/resources/router_images_generations.py"
HOOKS = "src/orq_ai_sdk/_hooks/registration.py"
RETURN = "        return utils.unmarshal_json(response, models.CreateImageResponseBody)\n"


@pytest.fixture
def project(tmp_path: Path) -> Tuple[Path, Path]:
    """A copy of the Router spec and config, generated into out/: (spec, out)."""
    spec = tmp_path / "openapi.yaml"
    spec.write_bytes((ROOT / "spec" / "openapi.yaml").read_bytes())
    (tmp_path / "sdk.yaml").write_bytes((ROOT / "spec" / "sdk.yaml").read_bytes())
    assert _generate(spec).returncode == 0
    return spec, tmp_path / "out"


def _generate(spec: Path, command: str = "generate") -> "subprocess.CompletedProcess[str]":
    return sdkgen(command, str(spec), "-o", str(spec.parent / "out"), "--config", str(spec.parent / "sdk.yaml"))


def _add_seed_field(spec: Path, description: str) -> None:
    """A new optional `seed` field in createImage's body (the first `properties:` of the spec)."""
    text = spec.read_text(encoding="utf-8")
    anchor = "              properties:\n                prompt:\n"
    assert anchor in text
    field = f"                seed:\n                  type: integer\n                  description: {description}\n"
    spec.write_text(text.replace(anchor, "              properties:\n" + field + "                prompt:\n", 1), encoding="utf-8")


def test_an_edited_method_body_and_a_new_spec_field_are_both_present(project: Tuple[Path, Path]) -> None:
    spec, out = project
    resource = out / RESOURCE
    resource.write_text(resource.read_text(encoding="utf-8").replace(RETURN, '        print("my edit")\n' + RETURN, 1), encoding="utf-8")
    _add_seed_field(spec, "A seed for reproducible images.")
    result = _generate(spec)
    assert result.returncode == 0, result.stderr
    assert f"kept your edits in {RESOURCE}" in result.stdout
    text = resource.read_text(encoding="utf-8")
    assert text.count('print("my edit")') == 1 and '"seed": seed,' in text
    checked = _generate(spec, "check")
    assert checked.returncode == 0 and "is up to date" in checked.stdout  # edits are not staleness
    assert f"kept your edits in {RESOURCE}" in checked.stdout
    again = _generate(spec)  # the edit is merged again on every regeneration
    assert again.returncode == 0 and resource.read_text(encoding="utf-8") == text


def test_an_edit_to_a_line_the_spec_change_rewrites_is_a_reported_conflict(project: Tuple[Path, Path]) -> None:
    spec, out = project
    _add_seed_field(spec, "A seed for reproducible images.")
    assert _generate(spec).returncode == 0
    resource = out / RESOURCE
    text = resource.read_text(encoding="utf-8")
    resource.write_text(text.replace(":param seed: A seed for reproducible images.", ":param seed: My own words.", 1), encoding="utf-8")
    spec.write_text(spec.read_text(encoding="utf-8").replace("A seed for reproducible images.", "A seed, for images one can reproduce."), encoding="utf-8")
    result = _generate(spec)
    assert result.returncode == 1
    assert f"CONFLICT: your edits and the new output differ in {RESOURCE}" in result.stdout
    assert "conflict markers in 1 file(s)" in result.stderr
    merged = resource.read_text(encoding="utf-8")
    assert "<<<<<<< yours\n        :param seed: My own words.\n=======\n        :param seed: A seed, for images one can reproduce.\n>>>>>>> generated\n" in merged


def test_an_edited_file_that_is_no_longer_generated_is_kept(project: Tuple[Path, Path]) -> None:
    spec, out = project
    variations = out / "src/orq_ai_sdk/resources/router_images_variations.py"
    variations.write_text(variations.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    text = spec.read_text(encoding="utf-8")
    start = text.index("  /v2/router/images/variations:")
    end = text.index("\n  /", start + 1)
    spec.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    result = _generate(spec)
    assert result.returncode == 0, result.stderr
    assert "kept as yours, no longer generated: src/orq_ai_sdk/resources/router_images_variations.py" in result.stdout
    assert variations.read_text(encoding="utf-8").endswith("# mine\n")


def test_the_hooks_file_is_written_once_and_registered_by_every_client(project: Tuple[Path, Path]) -> None:
    spec, out = project
    hooks = out / HOOKS
    assert "def init_hooks(hooks: Hooks) -> None:" in hooks.read_text(encoding="utf-8")
    hooks.write_text(textwrap.dedent('''
        from ..utils import Hooks


        def init_hooks(hooks: Hooks) -> None:
            def tag(ctx, request):
                request.headers["x-from-hooks-file"] = ctx.operation_id
                return request

            hooks.register_before_request_hook(tag)
        '''), encoding="utf-8")
    _add_seed_field(spec, "A seed.")
    assert _generate(spec).returncode == 0
    assert "x-from-hooks-file" in hooks.read_text(encoding="utf-8")  # never replaced
    script = textwrap.dedent('''
        import json, httpx
        from orq_ai_sdk import Orq
        seen = []
        def answer(request):
            seen.append(request.headers.get("x-from-hooks-file"))
            return httpx.Response(200, json={"created": 1, "data": []})
        with Orq(api_key="k", client=httpx.Client(transport=httpx.MockTransport(answer))) as orq:
            orq.router.images.generations.create(prompt="p", model="m")
        print(json.dumps(seen))
        ''')
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(out / "src")})
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == '["createImage"]'


def test_a_deleted_hooks_file_is_written_again(project: Tuple[Path, Path]) -> None:
    spec, out = project
    (out / HOOKS).unlink()
    checked = _generate(spec, "check")
    assert checked.returncode == 1 and HOOKS in checked.stdout
    assert _generate(spec).returncode == 0
    assert (out / HOOKS).is_file()
