"""The generation config speaks up: unknown keys, bad values, a missing file; every key documented."""

from __future__ import annotations

import re
from pathlib import Path

from cli_support import ROOT, sdkgen

from openapi_sdkgen.config import KEYS, describe_keys

SPEC = ROOT / "spec" / "openapi.yaml"


def _generate_with(tmp_path: Path, config_text: str) -> str:
    config = tmp_path / "sdk.yaml"
    config.write_text(config_text, encoding="utf-8")
    result = sdkgen("generate", str(SPEC), "-o", str(tmp_path / "out"), "--config", str(config))
    assert result.returncode == 1
    assert not (tmp_path / "out").exists(), "nothing is written"
    return result.stderr


def test_an_unknown_key_is_an_error_with_the_nearest_key_and_its_line(tmp_path: Path) -> None:
    stderr = _generate_with(tmp_path, "package: my_sdk\npakage: x\nverison: 1.0\n")
    assert "sdk.yaml:2: error: #/pakage: unknown config key 'pakage'; did you mean 'package'?" in stderr
    assert "sdk.yaml:3: error: #/verison: unknown config key 'verison'; did you mean 'version'?" in stderr
    assert "2 error(s)" in stderr


def test_a_key_like_no_other_lists_the_keys(tmp_path: Path) -> None:
    stderr = _generate_with(tmp_path, "flavour: mint\n")
    assert "unknown config key 'flavour'; the keys are package, distribution" in stderr


def test_a_bad_value_is_shown_with_what_it_must_be(tmp_path: Path) -> None:
    stderr = _generate_with(tmp_path, "package: My-SDK\nversion: one\nsdk_class: class\nenv_prefix: [A]\n")
    assert "package 'My-SDK' must be a lower-case Python identifier" in stderr
    assert "version 'one' must be a PEP 440 version such as 1.2.3" in stderr
    assert "sdk_class 'class' must not be a Python keyword" in stderr
    assert "env_prefix must be a text value, not ['A']" in stderr


def test_a_missing_config_file_is_named_as_the_config(tmp_path: Path) -> None:
    result = sdkgen("generate", str(SPEC), "-o", str(tmp_path / "out"), "--config", str(tmp_path / "nope.yaml"))
    assert result.returncode == 1
    assert f"{tmp_path / 'nope.yaml'}: error: cannot read config: No such file or directory" in result.stderr
    assert "cannot read spec" not in result.stderr


def test_sdkgen_config_lists_every_key() -> None:
    result = sdkgen("config")
    assert result.returncode == 0
    assert result.stdout == describe_keys()
    for key in KEYS:
        assert f"| `{key.name}` |" in result.stdout


def test_the_readme_documents_every_key_as_sdkgen_config_does() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert describe_keys() in readme


def test_every_subcommand_and_argument_has_help() -> None:
    top = sdkgen("--help")
    commands = re.findall(r"^    (\w+)\s+\S", top.stdout, re.MULTILINE)
    assert set(commands) == {"generate", "check", "docs", "validate", "diff", "config"}
    for command in commands:
        text = sdkgen(command, "--help").stdout
        options = re.findall(r"^  (-[-\w, ]+?|[a-z_]+|[A-Z_]+)(?:\s{2,}(.*))?$", text, re.MULTILINE)
        for name, help_text in options:
            described = help_text or _next_line(text, name)
            assert described.strip(), f"sdkgen {command}: {name} has no help text"


def _next_line(text: str, name: str) -> str:
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("  " + name))
    return lines[index + 1] if index + 1 < len(lines) and lines[index + 1].startswith(" " * 8) else ""
