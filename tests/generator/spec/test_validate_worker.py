"""The validation worker forked as a command starts: it validates the document it is later
sent exactly as a worker forked with the document would, and it never outlives its use."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any, Callable

import pytest

from openapi_sdkgen.spec import validate, validate_worker
from openapi_sdkgen.diagnostics import GeneratorError
from openapi_sdkgen.spec.load import Document, load_document


def _document(tmp_path: Path, bad_type: bool) -> Document:
    schema = {"type": "object", "properties": {"name": {"type": "strin" if bad_type else "string"}}}
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}, "components": {"schemas": {"Thing": schema}}}, indent=1))
    return load_document(spec)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _errors(finish: Callable[[], object]) -> Any:
    with pytest.raises(GeneratorError) as raised:
        finish()
    return raised.value.diagnostics


def test_the_prestarted_worker_finds_what_a_worker_forked_with_the_document_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    document = _document(tmp_path, bad_type=True)
    with validate.worker_prestarted():
        pid = validate_worker._waiting[0].pid
        sent = _errors(validate.start_validation(document))
        assert validate_worker._waiting == []  # taken
    assert _gone(pid)
    forked = _errors(validate.start_validation(document))
    assert sent == forked
    assert sent[0].line is not None


def test_a_worker_not_needed_is_ended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    document = _document(tmp_path, bad_type=False)
    assert validate.validate_document(document) == []
    with validate.worker_prestarted():
        pid = validate_worker._waiting[0].pid
        assert validate.start_validation(document)() == []  # known from the cache
        assert _gone(pid)
    with validate.worker_prestarted():  # a command that fails before it validates
        pid = validate_worker._waiting[0].pid
    assert _gone(pid)


def test_a_worker_that_dies_fails_the_validation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    document = _document(tmp_path, bad_type=False)
    with validate.worker_prestarted():
        pid = validate_worker._waiting[0].pid
        os.kill(pid, signal.SIGKILL)
        finish = validate.start_validation(document)
        for _ in range(2):  # a caller that waits again hears the same
            with pytest.raises(RuntimeError, match="the validation worker failed: exit code -9"):
                finish()
    assert _gone(pid)
