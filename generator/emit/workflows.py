"""The generated package's GitHub Actions workflows (.github/workflows/): test, publish,
regenerate. Values are computed here and quoted for YAML (a JSON string is a YAML string);
the templates lay them out."""

from __future__ import annotations

import json
from typing import Dict

import jinja2

from openapi_sdkgen import __version__
from openapi_sdkgen.emit.package import PYTHON_VERSIONS
from openapi_sdkgen.model import ir

SPEC = "openapi.yaml"  # where the regenerate workflow looks for the spec and the config, by default
CONFIG = "sdk.yaml"
WORKFLOWS = ("test", "publish", "regenerate")


def render_workflows(config: ir.SdkConfig, env: jinja2.Environment, comment: str) -> Dict[str, str]:
    values = {
        "comment": comment,
        "pythons": ", ".join(json.dumps(p) for p in PYTHON_VERSIONS),
        "distribution": "".join(ch for ch in config.distribution if ch.isalnum() or ch in "-_."),
        "spec": json.dumps(SPEC),
        "config": json.dumps(CONFIG),
        "generator": json.dumps(f"openapi-sdkgen=={__version__}"),
    }
    return {f".github/workflows/{name}.yml": env.get_template(f"package/workflows/{name}.yml.jinja").render(**values) for name in WORKFLOWS}
