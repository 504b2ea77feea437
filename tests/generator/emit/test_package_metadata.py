"""The generated package's metadata comes from the config: authors, licence and its file,
URLs, classifiers; the wheel carries it and passes `twine check --strict`."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

from cli_support import ROOT, sdkgen

CONFIG = textwrap.dedent(
    """
    package: library_sdk
    distribution: library-sdk
    sdk_class: Library
    description: A client for the library's lending API
    authors: ["Ada Lovelace <ada@example.org>", Charles Babbage]
    license: Apache-2.0
    license_file: LICENSE.txt
    repository: https://git.example.org/library/sdk
    urls:
      Documentation: https://docs.example.org/library
    classifiers: ["Development Status :: 4 - Beta"]
    """
)


def test_the_wheel_shows_the_config_metadata(tmp_path: Path) -> None:
    (tmp_path / "sdk.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "LICENSE.txt").write_text("Apache License, Version 2.0 (the full text)\n", encoding="utf-8")
    out = tmp_path / "out"
    generated = sdkgen("generate", str(ROOT / "tests" / "specs" / "library.yaml"), "-o", str(out), "--config", str(tmp_path / "sdk.yaml"))
    assert generated.returncode == 0, generated.stderr
    assert (out / "LICENSE").read_text(encoding="utf-8") == "Apache License, Version 2.0 (the full text)\n"
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(out)], check=True, capture_output=True)
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(archive.read(n).decode() for n in archive.namelist() if n.endswith("METADATA"))
    for line in (
        "Name: library-sdk",
        "Summary: A client for the library's lending API",
        "Author: Charles Babbage",
        "Author-email: Ada Lovelace <ada@example.org>",
        "License-Expression: Apache-2.0",
        "License-File: LICENSE",
        "Project-URL: Repository, https://git.example.org/library/sdk",
        "Project-URL: Documentation, https://docs.example.org/library",
        "Classifier: Development Status :: 4 - Beta",
        "Classifier: Typing :: Typed",
        "Requires-Dist: typing-extensions>=4.12",
    ):
        assert line in metadata.splitlines(), line
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(wheel)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_bad_metadata_values_are_named(tmp_path: Path) -> None:
    (tmp_path / "sdk.yaml").write_text("repository: git.example.org/x\nurls: {Docs: ftp://x}\nlicense: MIT or\nlicense_file: nope.txt\n", encoding="utf-8")
    result = sdkgen("generate", str(ROOT / "tests" / "specs" / "library.yaml"), "-o", str(tmp_path / "out"), "--config", str(tmp_path / "sdk.yaml"))
    assert result.returncode == 1
    assert "repository 'git.example.org/x' must be an http(s) URL" in result.stderr
    assert "urls: 'ftp://x' must be an http(s) URL" in result.stderr
    assert "license 'MIT or' must be an SPDX license expression" in result.stderr
