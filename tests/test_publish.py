"""`make publish` uploads generated/ to a package index, from which it installs and runs.

A real index (pypiserver, with password-protected uploads) runs on 127.0.0.1 and is
stopped by PID. Dependencies (httpx, pydantic) come from the machine's usual index.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
import warnings
from pathlib import Path
from typing import Dict, Iterator, Tuple

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
VERSION = str(yaml.safe_load((ROOT / "spec" / "sdk.yaml").read_text())["version"])
USER, PASSWORD = "publisher", "s3cret-for-tests"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            time.sleep(0.2)
    return False


@pytest.fixture
def index(tmp_path: Path) -> Iterator[Tuple[str, Path]]:
    """A pypiserver on a free port: (its URL, its packages directory)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # passlib imports the stdlib crypt module
        from passlib.apache import HtpasswdFile

    packages = tmp_path / "packages"
    packages.mkdir()
    passwords = HtpasswdFile(str(tmp_path / "htpasswd"), new=True)
    passwords.set_password(USER, PASSWORD)
    passwords.save()
    for _ in range(3):  # another process may take the port between probe and bind
        port = _free_port()
        command = [str(BIN / "pypi-server"), "run", "-i", "127.0.0.1", "-p", str(port), "-P", str(tmp_path / "htpasswd"), "-a", "update", "--disable-fallback", "--log-stream", "none", str(packages)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        url = f"http://127.0.0.1:{port}/"
        try:
            if _wait_until_up(url + "simple/", process):
                yield url, packages
                return
        finally:
            _stop(process)
    pytest.fail("pypiserver did not start")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


def _make_publish(dist: Path, env: Dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("TWINE_")}
    return subprocess.run(["make", "--no-print-directory", "publish", f"DIST={dist}"], cwd=ROOT, capture_output=True, text=True, env={**base, **env})


def _usual_index() -> str:
    """Where this machine's pip finds httpx and pydantic (PIP_INDEX_URL, pip's config, or PyPI)."""
    if os.environ.get("PIP_INDEX_URL"):
        return os.environ["PIP_INDEX_URL"]
    configured = subprocess.run([sys.executable, "-m", "pip", "config", "get", "global.index-url"], capture_output=True, text=True)
    return configured.stdout.strip() if configured.returncode == 0 and configured.stdout.strip() else "https://pypi.org/simple/"


def test_publish_without_an_index_url_says_what_to_set(tmp_path: Path) -> None:
    result = _make_publish(tmp_path / "dist", {"TWINE_PASSWORD": "x"})
    assert result.returncode != 0
    assert "TWINE_REPOSITORY_URL is not set" in result.stderr
    assert not (tmp_path / "dist").exists()  # checked before anything is built

    result = _make_publish(tmp_path / "dist", {"TWINE_REPOSITORY_URL": "http://127.0.0.1:9/"})
    assert result.returncode != 0
    assert "TWINE_PASSWORD is not set" in result.stderr


def test_publish_to_an_index_then_install_and_use(index: Tuple[str, Path], tmp_path: Path) -> None:
    url, packages = index
    dist = tmp_path / "dist"

    published = _make_publish(dist, {"TWINE_REPOSITORY_URL": url, "TWINE_USERNAME": USER, "TWINE_PASSWORD": PASSWORD})

    assert published.returncode == 0, published.stdout + published.stderr
    assert "PASSED" in published.stdout  # twine check ran on both files
    built = sorted(p.name for p in dist.iterdir())
    assert built == [f"orq_ai_sdk-{VERSION}-py3-none-any.whl", f"orq_ai_sdk-{VERSION}.tar.gz"]
    assert sorted(p.name for p in packages.iterdir()) == built

    refused = subprocess.run(
        [sys.executable, "-m", "twine", "upload", "--non-interactive", "--skip-existing", "--repository-url", url, "-u", USER, "-p", "wrong", *map(str, dist.iterdir())],
        capture_output=True, text=True,
    )
    assert refused.returncode != 0  # the index really checks the credentials make publish passed

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    report = tmp_path / "install.json"
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--report", str(report), "--index-url", url + "simple/", "--extra-index-url", _usual_index(), f"orq-ai-sdk=={VERSION}"],
        capture_output=True, text=True,
    )
    assert install.returncode == 0, install.stderr
    installed = {item["metadata"]["name"].lower(): item for item in json.loads(report.read_text())["install"]}
    assert installed["orq-ai-sdk"]["download_info"]["url"].startswith(url)  # from our index, not another one
    requires = sorted(r.split(">")[0].split("<")[0].split("=")[0].strip() for r in installed["orq-ai-sdk"]["metadata"]["requires_dist"] if "extra ==" not in r)
    assert requires == ["httpx", "pydantic", "pydantic-core", "typing-extensions"]  # at run time; the `test` extra is the package's own tests'

    script = textwrap.dedent(
        """
        import json, httpx, orq_ai_sdk
        from orq_ai_sdk import Orq

        seen = []

        def handler(request):
            seen.append(request)
            return httpx.Response(200, json={"created": 1, "data": [{"url": "https://img.example/fox.png"}]})

        with Orq(api_key="k", client=httpx.Client(transport=httpx.MockTransport(handler))) as orq:
            res = orq.router.images.generations.create(prompt="a fox", model="openai/dall-e-3")
        print(json.dumps({
            "url": res.data[0].url,
            "version": orq_ai_sdk.__version__,
            "user_agent": seen[0].headers["user-agent"],
            "body": json.loads(seen[0].content),
            "module": orq_ai_sdk.__file__,
        }))
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    ran = subprocess.run([python, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert ran.returncode == 0, ran.stderr
    out = json.loads(ran.stdout)
    assert out["url"] == "https://img.example/fox.png"
    assert out["version"] == VERSION
    assert out["user_agent"].startswith(f"orq-ai-sdk/{VERSION} ")
    assert out["body"] == {"prompt": "a fox", "model": "openai/dall-e-3"}
    assert out["module"].startswith(str(venv))
