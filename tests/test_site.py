"""The docs site (`sdkgen docs`), checked in a real browser.

Headless Chromium (Debian's `chromium`; Playwright's own browser download is not
needed) driven by Playwright, against the site served by a local HTTP server: every
page loads without console errors, every link between pages resolves (page and
anchor), a nested view opens, code blocks have copy buttons, the navigation lists the
resources, and search finds an operation by its method name. Screenshots of three
pages are kept in test-artifacts/site/ (git-ignored).

`make test` installs what this needs (the [site] extra, playwright, apt's chromium
where it can); without them the tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Set, Tuple
from urllib.parse import urldefrag, urljoin

import pytest

from openapi_sdkgen import pipeline
from openapi_sdkgen.docs.pages import resource_pages
from openapi_sdkgen.model import ir

ROOT = Path(__file__).resolve().parents[1]
SHARED_SPECS = ROOT.parent / "shared" / "specs"
ARTIFACTS = ROOT / "test-artifacts" / "site"
CHROMIUM = os.environ.get("SDKGEN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

pytest.importorskip("mkdocs", reason="the [site] extra (mkdocs, mkdocs-material) is not installed: pip install -e '.[site]'")
pytest.importorskip("material", reason="the [site] extra (mkdocs, mkdocs-material) is not installed: pip install -e '.[site]'")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")
if not Path(CHROMIUM).is_file():
    pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (make test does when it runs as root), or set SDKGEN_CHROMIUM", allow_module_level=True)


@dataclass
class Site:
    name: str
    api: ir.Api
    directory: Path
    base: str = ""  # http://127.0.0.1:PORT/
    pages: Dict[str, Set[str]] = field(default_factory=dict)  # url -> the ids on it


SITES = {
    "router": (ROOT / "spec" / "openapi.yaml", ROOT / "spec" / "sdk.yaml"),
    "openai-subset": (SHARED_SPECS / "openai-subset.yaml", None),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module", params=sorted(SITES))
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    spec, config = SITES[request.param]
    if not spec.is_file():
        pytest.skip(f"{spec} is absent: the real-world specs live beside the repository")
    directory = tmp_path_factory.mktemp(f"site-{request.param}") / "site"
    api, warnings = pipeline.site(spec, directory, config, lenient=True)
    assert not [w for w in warnings if w.message.startswith("mkdocs:")], warnings
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(directory)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield Site(request.param, api, directory, f"http://127.0.0.1:{port}/")
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator["sync_api.Browser"]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield launched
        finally:
            launched.close()


def _open(browser: "sync_api.Browser", errors: List[str]) -> "sync_api.Page":
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda message: errors.append(f"console {message.type}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    return page


def crawl(site: Site, browser: "sync_api.Browser") -> Tuple[Dict[str, Set[str]], List[Tuple[str, str]], List[str]]:
    """Every page reachable from the home page: (url -> ids, (page, link) pairs, problems)."""
    errors: List[str] = []
    page = _open(browser, errors)
    pages: Dict[str, Set[str]] = {}
    links: List[Tuple[str, str]] = []
    problems: List[str] = []
    built = sorted(p.relative_to(site.directory).as_posix() for p in site.directory.rglob("*.html") if p.name != "404.html")
    queue = deque([urljoin(site.base, "index.html")] + [urljoin(site.base, path) for path in built if path != "index.html"])
    seen = set(queue)
    while queue:
        url = queue.popleft()
        before = len(errors)
        response = page.goto(url, wait_until="load")
        if response is None or not response.ok:
            problems.append(f"{url}: HTTP {response.status if response else 'no response'}")
            continue
        found = page.evaluate("""() => ({
            ids: Array.from(document.querySelectorAll('[id]'), e => e.id),
            hrefs: Array.from(document.querySelectorAll('a[href]'), a => a.href),
        })""")
        pages[url] = set(found["ids"])
        problems += [f"{url}: {e}" for e in errors[before:]]
        for href in found["hrefs"]:
            target, _ = urldefrag(href)
            if not target.startswith(site.base):
                continue  # another site: not reachable from this machine, not ours to check
            links.append((url, href))
            if target.endswith(".html") and target not in seen:
                seen.add(target)
                queue.append(target)
    page.close()
    return pages, links, problems


@pytest.fixture(scope="module")
def crawled(site: Site, browser: "sync_api.Browser") -> Tuple[Site, List[Tuple[str, str]], List[str]]:
    pages, links, problems = crawl(site, browser)
    site.pages = pages
    return site, links, problems


def test_every_page_loads_without_console_errors(crawled: Tuple[Site, List[Tuple[str, str]], List[str]]) -> None:
    site, _, problems = crawled
    assert len(site.pages) > 10
    assert not problems, "\n".join(problems[:20])


def test_every_link_resolves(crawled: Tuple[Site, List[Tuple[str, str]], List[str]]) -> None:
    site, links, _ = crawled
    assert len(links) > 50
    dangling = []
    for source, href in links:
        target, anchor = urldefrag(href)
        if target.endswith("/"):
            target += "index.html"
        if target.endswith(".html") and target not in site.pages:
            dangling.append(f"{source}: {href} (no such page)")
        elif anchor and target in site.pages and anchor not in site.pages[target]:
            dangling.append(f"{source}: {href} (no such anchor)")
    assert not dangling, "\n".join(dangling[:20])


def _resource_page(site: Site) -> Tuple[str, ir.Operation]:
    """The page of the resource whose first operation has the longest name, and that operation."""
    resources = [r for r in site.api.root.walk() if r.operations]
    resource = max(resources, key=lambda r: len(r.operations[0].py_name))
    return urljoin(site.base, f"docs/sdks/{resource.class_name.lower()}/index.html"), resource.operations[0]


def test_navigation_code_copy_and_nested_view(site: Site, browser: "sync_api.Browser") -> None:
    errors: List[str] = []
    page = _open(browser, errors)
    url, op = _resource_page(site)
    page.goto(url, wait_until="load")
    nav = page.locator("nav.md-nav--primary").inner_text()
    for title, _ in resource_pages(site.api):
        assert title in nav, (title, nav)
    assert page.locator("pre > code").count() >= 1
    copy = "button[data-clipboard-target]"  # the theme's copy button, one per code block
    page.wait_for_selector(copy, state="attached")
    assert page.locator(copy).count() == page.locator("pre > code").count()
    details = page.locator("details", has=page.locator("summary", has_text="Show Parameters")).first
    assert details.get_attribute("open") is None
    assert not details.locator("pre").is_visible()
    details.locator("summary").click()
    assert details.get_attribute("open") is not None
    nested = details.locator("pre")
    assert nested.is_visible()
    first_required = next((p for p in op.params if p.required), op.params[0])
    assert f'"{first_required.py_name}":' in nested.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    details.locator("summary").evaluate("summary => summary.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(ARTIFACTS / f"{site.name}-nested-view.png"))
    page.goto(urljoin(site.base, "index.html"), wait_until="load")
    page.screenshot(path=str(ARTIFACTS / f"{site.name}-readme.png"))
    assert not errors, errors
    page.close()


def _without_query(url: str) -> str:
    """The URL without the `?h=term` the theme adds to highlight the term on the page."""
    target, anchor = urldefrag(url)
    return target.split("?", 1)[0] + (f"#{anchor}" if anchor else "")


def test_search_finds_an_operation_by_its_method_name(site: Site, browser: "sync_api.Browser") -> None:
    errors: List[str] = []
    page = _open(browser, errors)
    url, op = _resource_page(site)
    page.goto(urljoin(site.base, "index.html"), wait_until="load")
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially(op.py_name, delay=20)  # keystrokes: the theme searches as one types
    results = page.locator("li.md-search-result__item a")
    results.first.wait_for(timeout=15_000)
    hrefs = [_without_query(urljoin(page.url, h)) for h in results.evaluate_all("as => as.map(a => a.getAttribute('href'))")]
    assert f"{url}#{op.py_name}" in hrefs[:5], hrefs[:10]  # among the first results, before models named after it
    page.screenshot(path=str(ARTIFACTS / f"{site.name}-search.png"))
    assert not errors, errors
    page.close()
