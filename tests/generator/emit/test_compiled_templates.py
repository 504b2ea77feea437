"""Templates compiled by one run are reused by the next, and never stand in for a changed template."""

from __future__ import annotations

from pathlib import Path
from typing import Any, List

import jinja2
import pytest

from openapi_sdkgen.emit import render


def _compiling(monkeypatch: pytest.MonkeyPatch) -> List[str]:
    compiled: List[str] = []
    stock = jinja2.Environment.compile

    def counting(self: Any, source: Any, name: Any = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name)
        return stock(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return compiled


def test_a_second_run_reuses_the_compiled_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    compiled = _compiling(monkeypatch)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.jinja").write_text("{% for i in items %}{{ i }},{% endfor %}")
    monkeypatch.setattr(render, "templates_dir", lambda: templates)
    assert render.environment().get_template("t.jinja").render(items=[1, 2]) == "1,2,"
    assert compiled == ["t.jinja"]
    assert render.environment().get_template("t.jinja").render(items=[3]) == "3,"
    assert compiled == ["t.jinja"], "loaded from the cache, not compiled again"


def test_a_changed_template_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.jinja").write_text("one {{ x }}")
    monkeypatch.setattr(render, "templates_dir", lambda: templates)
    assert render.environment().get_template("t.jinja").render(x=1) == "one 1"
    (templates / "t.jinja").write_text("two {{ x }}")
    assert render.environment().get_template("t.jinja").render(x=1) == "two 1"


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache directory would be")
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(blocker))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.jinja").write_text("one {{ x }}")
    monkeypatch.setattr(render, "templates_dir", lambda: templates)
    assert render.environment().get_template("t.jinja").render(x=1) == "one 1"


def test_templates_compiled_by_another_jinja_are_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    compiled = _compiling(monkeypatch)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.jinja").write_text("{{ x }}")
    monkeypatch.setattr(render, "templates_dir", lambda: templates)
    assert render.environment().get_template("t.jinja").render(x=1) == "1"
    monkeypatch.setattr(render, "version", lambda name: "0.0-other")
    assert render.environment().get_template("t.jinja").render(x=2) == "2"
    assert compiled == ["t.jinja", "t.jinja"], "an entry of another Jinja release is never loaded"
