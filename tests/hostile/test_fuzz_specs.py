"""Fuzzing: generated OpenAPI documents go through load, validate, IR and render.

The only exception allowed is the generator's own GeneratorError; everything rendered
as Python must parse (a sample is also formatted with black, as generation does).
"""

from __future__ import annotations

import ast
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz_strategies import documents
from openapi_sdkgen.model.api import build_api
from openapi_sdkgen.config import load_config
from openapi_sdkgen.diagnostics import GeneratorError
from openapi_sdkgen.output.format import format_files
from openapi_sdkgen.spec.load import load_document, recursion_room
from openapi_sdkgen.docs.pages import render_docs
from openapi_sdkgen.emit.render import environment, render_sdk
from openapi_sdkgen.spec.resolve import Resolver, check_references
from openapi_sdkgen.spec.validate import validate_document
from hostile_tally import TALLY

FORMAT_EVERY = 10  # black costs ~0.3 s per example: format one example in ten
_ENV = environment()


@pytest.fixture(scope="module", autouse=True)
def no_disk_cache() -> Iterator[None]:
    """Fuzzed documents are thrown away: their validation results need no cache entries."""
    previous = os.environ.get("SDKGEN_NO_CACHE")
    os.environ["SDKGEN_NO_CACHE"] = "1"
    yield
    if previous is None:
        del os.environ["SDKGEN_NO_CACHE"]
    else:
        os.environ["SDKGEN_NO_CACHE"] = previous


def generate(document: Dict[str, Any], directory: Path, lenient: bool, formatted: bool) -> Dict[str, str]:
    """The pipeline up to (optionally including) formatting, as `sdkgen generate` runs it."""
    spec = directory / "fuzz.json"
    spec.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    loaded = load_document(spec)
    check_references(loaded)
    with recursion_room():
        validate_document(loaded, lenient)
        api, _ = build_api(Resolver(loaded), load_config(None, str(loaded.data["info"].get("title") or "api")))
    files = {**render_sdk(api, _ENV), **render_docs(api, _ENV)}
    return format_files(files, workers=1) if formatted else files


@settings(max_examples=150, deadline=None, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(document=documents())
def test_generated_documents_never_crash_the_generator(document: Dict[str, Any]) -> None:
    TALLY.fuzz_examples += 1
    formatted = TALLY.fuzz_examples % FORMAT_EVERY == 0
    with tempfile.TemporaryDirectory() as directory:
        try:
            files = generate(document, Path(directory), lenient=TALLY.fuzz_examples % 2 == 0, formatted=formatted)
        except GeneratorError as exc:
            TALLY.fuzz_refused += 1
            assert exc.diagnostics and all(d.file for d in exc.diagnostics)
            return
    for path, text in files.items():
        if path.endswith(".py"):
            ast.parse(text, filename=path)
