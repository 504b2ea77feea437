"""Method names of the resource convention against openai-python's (Stainless) api.md.

Generated from ../shared/specs/openai-full.yaml, the resource convention alone gives the
names api.md gives wherever they follow from the URL; api.md adds `admin.`/`beta.` levels
and some names by hand, which tests/overlays/openai-names.yaml adds: with it, every method
matches. api.md is openai-python 3.3.1's (tests/reference/openai-python/, with its
Apache-2.0 licence); $OPENAI_API_MD points the test at another.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Dict, Set, Tuple

import pytest

from openapi_sdkgen.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "specs" / "openai-full.yaml"
API_MD = Path(os.environ.get("OPENAI_API_MD") or ROOT / "tests" / "reference" / "openai-python" / "api.md")
OVERLAY = ROOT / "tests" / "overlays" / "openai-names.yaml"
# The api.md names that do not follow from the URL: api.md names the same URL shape one way
# here and another way elsewhere, or turns a noun into a verb. Every other name must match.
_VERB_FOR_NOUN = "api.md turns the collection's noun into a verb by hand"
_CONTENT = "api.md names a `/content` download four ways (`files.content`, `retrieve_content`, `content.retrieve`, `download_content`); ours is `vector_stores.files.content`'s"
_SUB_LIST = "api.md lists a sub-collection both ways (`fine_tuning.jobs.list_events`, `threads.list_items` as ours; `checkpoints.list` here)"
BY_HAND: Dict[Tuple[str, str], str] = {
    ("POST", "/images/generations"): _VERB_FOR_NOUN,
    ("POST", "/images/edits"): _VERB_FOR_NOUN,
    ("POST", "/images/variations"): _VERB_FOR_NOUN,
    ("POST", "/videos/edits"): _VERB_FOR_NOUN,
    ("POST", "/videos/extensions"): _VERB_FOR_NOUN,
    ("POST", "/videos/characters"): "api.md folds the sub-collection into its parent (`videos.create_character`)",
    ("GET", "/videos/characters/{character_id}"): "api.md folds the sub-collection into its parent (`videos.get_character`)",
    ("POST", "/evals/{eval_id}/runs/{run_id}"): "a POST to the item is an update by the URL; api.md calls it `cancel`",
    ("GET", "/videos/{video_id}/content"): _CONTENT,
    ("GET", "/containers/{container_id}/files/{file_id}/content"): _CONTENT,
    ("GET", "/skills/{skill_id}/content"): _CONTENT,
    ("GET", "/skills/{skill_id}/versions/{version}/content"): _CONTENT,
    ("GET", "/chat/completions/{completion_id}/messages"): _SUB_LIST,
    ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints"): _SUB_LIST,
}

pytestmark = [
    pytest.mark.fullspec,
    pytest.mark.skipif(not SPEC.is_file(), reason=f"{SPEC} is absent: the real-world specs live beside the repository"),
    pytest.mark.skipif(not API_MD.is_file(), reason=f"$OPENAI_API_MD names {API_MD}, which is absent"),
]


def api_md_names() -> Dict[Tuple[str, str], Set[str]]:
    """Each operation's names in api.md: some have two (`files.content` and its alias `files.retrieve_content`)."""
    names: Dict[Tuple[str, str], Set[str]] = {}
    for m in re.finditer(r'<code title="(\w+) ([^"]+)">client\.([^<]*)<a [^>]*>(\w+)</a>', API_MD.read_text(encoding="utf-8")):
        method, path, group, name = m.groups()
        names.setdefault((method.upper(), path), set()).add(group + name)
    return names


def our_names(tmp_path: Path, *overlays: Path) -> Dict[Tuple[str, str], str]:
    config = tmp_path / "sdk.yaml"
    config.write_text("naming: resource\n")  # the overlay's x-speakeasy-* would otherwise switch the whole spec to Speakeasy's convention
    api, _ = build(SPEC, config, lenient=True, overlays=list(overlays))
    return {(op.method, op.path): ".".join(op.group + (op.py_name,)) for op in api.operations}


def test_the_resource_convention_names_methods_as_openai_python_does_where_the_url_says(tmp_path: Path) -> None:
    theirs, ours = api_md_names(), our_names(tmp_path)
    assert set(theirs) <= set(ours)
    levels = ("admin.", "beta.")
    by_hand_level = {k for k, names in theirs.items() if all(n.startswith(levels) for n in names) and not ours[k].startswith(levels)}
    url_derived = [k for k in theirs if k not in by_hand_level]
    differ = {k for k in url_derived if ours[k] not in theirs[k]}
    print(f"{len(url_derived) - len(differ)} of {len(url_derived)} URL-derived names match ({len(theirs)} methods in api.md)")
    assert sorted(differ) == sorted(BY_HAND)


def test_with_the_overlay_every_method_matches(tmp_path: Path) -> None:
    theirs, ours = api_md_names(), our_names(tmp_path, OVERLAY)
    assert {k: ours[k] for k in theirs if ours[k] not in theirs[k]} == {}
