"""Method names of the resource convention against openai-python's (Stainless) api.md.

Generated from ../shared/specs/openai-full.yaml, the resource convention alone gives the
names api.md gives wherever they follow from the URL; api.md adds `admin.`/`beta.` levels
and some names by hand, which tests/overlays/openai-names.yaml adds: with it, every method
matches. api.md is read from $OPENAI_API_MD or ../openai-python/api.md (a checkout of
openai-python beside the repository); without it the test skips.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Dict, Tuple

import pytest

from openapi_sdkgen.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "specs" / "openai-full.yaml"
API_MD = Path(os.environ.get("OPENAI_API_MD") or ROOT.parent / "openai-python" / "api.md")
OVERLAY = ROOT / "tests" / "overlays" / "openai-names.yaml"
URL_DERIVED_MATCHES = 88  # of the 103 (of 260) methods whose api.md name has no `admin.`/`beta.` level added by hand

pytestmark = [
    pytest.mark.fullspec,
    pytest.mark.skipif(not SPEC.is_file(), reason=f"{SPEC} is absent: the real-world specs live beside the repository"),
    pytest.mark.skipif(not API_MD.is_file(), reason=f"{API_MD} is absent: set OPENAI_API_MD to openai-python's api.md"),
]


def api_md_names() -> Dict[Tuple[str, str], str]:
    text = API_MD.read_text(encoding="utf-8")
    found = re.finditer(r'<code title="(\w+) ([^"]+)">client\.([^<]*)<a [^>]*>(\w+)</a>', text)
    return {(method.upper(), path): group + name for method, path, group, name in (m.groups() for m in found)}


def our_names(tmp_path: Path, *overlays: Path) -> Dict[Tuple[str, str], str]:
    config = tmp_path / "sdk.yaml"
    config.write_text("naming: resource\n")  # the overlay's x-speakeasy-* would otherwise switch the whole spec to Speakeasy's convention
    api, _ = build(SPEC, config, lenient=True, overlays=list(overlays))
    return {(op.method, op.path): ".".join(op.group + (op.py_name,)) for op in api.operations}


def test_the_resource_convention_names_methods_as_openai_python_does_where_the_url_says(tmp_path: Path) -> None:
    theirs, ours = api_md_names(), our_names(tmp_path)
    assert set(theirs) <= set(ours)
    by_hand_level = {k for k, name in theirs.items() if name.startswith(("admin.", "beta.")) and not ours[k].startswith(("admin.", "beta."))}
    url_derived = [k for k in theirs if k not in by_hand_level]
    matches = [k for k in url_derived if ours[k] == theirs[k]]
    print(f"{len(matches)} of {len(url_derived)} URL-derived names match ({len(theirs)} methods in api.md)")
    assert len(matches) >= URL_DERIVED_MATCHES


def test_with_the_overlay_every_method_matches(tmp_path: Path) -> None:
    theirs, ours = api_md_names(), our_names(tmp_path, OVERLAY)
    assert {k: ours[k] for k in theirs if ours[k] != theirs[k]} == {}
