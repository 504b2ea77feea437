"""A static site of the reference docs: MkDocs with the Material theme.

The pages are the markdown ones (README.md, USAGE.md, docs/): the site adds
navigation by resource, search, copy buttons on code blocks, and shows the nested
views (`<details markdown="1">`) as expandable sections. MkDocs is an optional
dependency (`pip install 'openapi-sdkgen[site]'`): the generator itself stays light.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Mapping, Sequence, Tuple

import yaml

from openapi_sdkgen.diagnostics import Diagnostic, GeneratorError
from openapi_sdkgen.model import ir

MARKER = ".sdkgen-site"  # in a directory this module built: it may be replaced

# Extensions whose options are Python objects: YAML tags that MkDocs' loader resolves.
# Emoji shortcodes (the seed tables' :heavy_check_mark:) become the characters themselves:
# the site loads nothing from another host.
# Appended to the list that ends the file (safe_dump writes its items unindented).
_PYTHON_EXTENSIONS = """\
- pymdownx.emoji:
    emoji_index: !!python/name:material.extensions.emoji.twemoji
    emoji_generator: !!python/name:pymdownx.emoji.to_alt
"""


def mkdocs_config(api: ir.Api, resources: Sequence[Tuple[str, str]], docs_dir: str) -> str:
    """mkdocs.yml for the pages: `resources` are (title, page path) in navigation order."""
    config: Dict[str, Any] = {
        "site_name": api.config.distribution,
        "site_description": api.config.description,
        "docs_dir": docs_dir,
        "use_directory_urls": False,  # pages open from the file system too
        "theme": {
            "name": "material",
            "font": False,  # the theme's default fetches Google Fonts: none from elsewhere
            "features": ["content.code.copy", "navigation.sections", "navigation.top", "search.highlight", "search.suggest"],
        },
        "plugins": ["search"],
        "nav": [{"Overview": "README.md"}, {"Usage": "USAGE.md"}, {"Resources": [{title: path} for title, path in resources]}],
        "not_in_nav": "/docs/models/",
        "validation": {"links": {"anchors": "warn"}},
        "markdown_extensions": [
            "tables",
            "md_in_html",
            {"toc": {"permalink": True}},
            {"pymdownx.highlight": {"anchor_linenums": False}},
            "pymdownx.superfences",
        ],
    }
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True) + _PYTHON_EXTENSIONS


def build_site(api: ir.Api, files: Mapping[str, str], resources: Sequence[Tuple[str, str]], out: Path) -> List[str]:
    """Build the site of the markdown `files` into `out`; the MkDocs warnings.

    `out` is replaced only when it is empty, absent, or a site this function built.
    """
    try:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException
    except ImportError:
        raise GeneratorError([Diagnostic("error", "building the site needs MkDocs and its Material theme: pip install 'openapi-sdkgen[site]'", (), "")]) from None
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise GeneratorError([Diagnostic("error", f"{out} exists and is not a site sdkgen built: choose another directory", (), str(out))])
    with tempfile.TemporaryDirectory(prefix="sdkgen-site-") as tmp:
        root = Path(tmp)
        boosts = {path: "3" for _, path in resources}  # a method's name finds its operation before the models named after it
        for path, text in files.items():
            if path.endswith(".md"):
                target = root / "src" / path
                target.parent.mkdir(parents=True, exist_ok=True)
                boost = boosts.get(path, "0.5" if path.startswith("docs/models/") else "")
                target.write_text(f"---\nsearch:\n  boost: {boost}\n---\n\n{text}" if boost else text, encoding="utf-8")
        (root / "mkdocs.yml").write_text(mkdocs_config(api, resources, "src"), encoding="utf-8")
        staged = root / "site"
        warnings = _Warnings()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(warnings)
        try:
            build(load_config(str(root / "mkdocs.yml"), site_dir=str(staged)))
        except MkDocsException as exc:
            raise GeneratorError([Diagnostic("error", f"MkDocs could not build the site: {exc}", (), "")]) from None
        finally:
            logger.removeHandler(warnings)
        (staged / MARKER).write_text("built by sdkgen docs; the directory is replaced on the next build\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staged), str(out))
    return warnings.messages


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
