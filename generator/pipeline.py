"""load -> validate -> resolve -> IR -> render -> format -> write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from . import ir
from .build_api import build_api
from .config import load_config
from .diagnostics import Diagnostic
from .format import format_files
from .load import load_document
from .render import environment, render_docs, render_sdk
from .resolve import Resolver
from .validate import validate_document
from .write import changed_files, write_tree


@dataclass(frozen=True)
class Result:
    api: ir.Api
    files: Dict[str, str]
    diagnostics: Tuple[Diagnostic, ...]


def build(spec: Path, config_path: Optional[Path], lenient: bool = False) -> Tuple[ir.Api, List[Diagnostic]]:
    """Spec file -> validated IR, with the warnings met on the way."""
    document = load_document(spec)
    diagnostics = validate_document(document, lenient)
    info = document.data.get("info") if isinstance(document.data.get("info"), dict) else {}
    config = load_config(config_path, str(info.get("title") or "api"))  # type: ignore[union-attr]
    api, found = build_api(Resolver(document), config)
    return api, diagnostics + found


def generate_files(spec: Path, config_path: Optional[Path], lenient: bool = False) -> Result:
    """Everything the output directory should hold, rendered and formatted, in memory."""
    api, diagnostics = build(spec, config_path, lenient)
    env = environment()
    files = {**render_sdk(api, env), **render_docs(api, env)}
    return Result(api, format_files(files), tuple(diagnostics))


def generate(spec: Path, out: Path, config_path: Optional[Path], lenient: bool = False) -> Result:
    result = generate_files(spec, config_path, lenient)
    write_tree(out, result.files)
    return result


def check(spec: Path, out: Path, config_path: Optional[Path], lenient: bool = False) -> Tuple[Result, List[str]]:
    result = generate_files(spec, config_path, lenient)
    return result, changed_files(out, result.files)
