"""Reference docs (README.md, USAGE.md, docs/sdks, docs/models) from the IR."""

from __future__ import annotations

from typing import Dict

import jinja2

from . import ir


def render_docs(api: ir.Api, env: jinja2.Environment) -> Dict[str, str]:
    return {"README.md": f"# {api.config.distribution}\n\n{api.config.description}\n"}
