"""Reference docs: the seed format, links that resolve, escaping, determinism.

The seed pages (../shared/seeds) are the format we reproduce. Seeds 003 and 004 were
taken from an API version whose paths start with /v2/gateway/; our spec says
/v2/router/, so paths are compared modulo that one prefix. Seed 003's images_generate
section documents an older API shape we do not have and is left out.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Set

import pytest

from openapi_sdkgen.docs import calls, examples
from openapi_sdkgen.model import ir
from openapi_sdkgen import pipeline
from openapi_sdkgen.docs import tables as md
from openapi_sdkgen.docs.pages import render_docs
from openapi_sdkgen.emit.render import environment

ROOT = Path(__file__).resolve().parents[1]
SPEC, CONFIG = ROOT / "spec" / "openapi.yaml", ROOT / "spec" / "sdk.yaml"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
OTHER_SPECS = ("openai-subset.yaml", "orq-subset.yaml")
SEED_PATH_PREFIX = ("/v2/gateway/", "/v2/router/")

Docs = Dict[str, str]


def _docs(files: Dict[str, str]) -> Docs:
    return {path: text for path, text in files.items() if path.endswith(".md")}


@pytest.fixture(scope="session")
def router_docs(tmp_path_factory: pytest.TempPathFactory) -> Docs:
    """The docs as the pipeline writes them (a session-wide run, independent of generated/)."""
    out = tmp_path_factory.mktemp("docs") / "sdk"
    pipeline.generate(SPEC, out, CONFIG)
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}


@pytest.fixture(scope="session")
def router_api() -> ir.Api:
    return pipeline.build(SPEC, CONFIG)[0]


# --- markdown helpers (independent of the generator's own) ----------------------------


def _without_code(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)


def headings(text: str) -> List[str]:
    return [line for line in _without_code(text).split("\n") if re.match(r"#{1,6} ", line)]


def github_slug(heading_text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading_text).strip().lower()
    return "".join(ch for ch in text if ch in "-_ " or unicodedata.category(ch)[0] in "LNM").replace(" ", "-")


def anchors(text: str) -> Set[str]:
    found: Set[str] = set()
    counts: Dict[str, int] = {}
    for line in headings(text):
        slug = github_slug(line.lstrip("#"))
        n = counts.get(slug, 0)
        counts[slug] = n + 1
        found.add(slug if n == 0 else f"{slug}-{n}")
    return found


def links(text: str) -> Iterator[str]:
    yield from re.findall(r"\]\(([^()\s]+)\)", _without_code(text))


def table_after(text: str, heading: str) -> List[str]:
    """The raw lines of the first table after `heading`."""
    lines = text[text.index(heading) :].split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return lines[start:end]


def cells(line: str) -> List[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]


def snippet_comment(text: str) -> Dict[str, str]:
    match = re.search(r'<!-- UsageSnippet ((?:\w+="[^"]*" ?)+)-->', text)
    assert match, "no UsageSnippet comment"
    return dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))


def seed(number: str, section: Optional[str] = None) -> str:
    if not SEEDS.is_dir():
        pytest.skip("the seed documents are not checked out next to the project")
    text = next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")
    if section is None:
        return text
    start = text.index(f"\n## {section}\n")
    nxt = text.find("\n## ", start + 1)
    return text[: text.index("\n## ", text.index("### Available Operations"))] + text[start : nxt if nxt > 0 else len(text)]


def page_section(text: str, method: str) -> str:
    start = text.index(f"\n## {method}\n")
    nxt = text.find("\n## ", start + 1)
    return text[start : nxt if nxt > 0 else len(text)]


# --- the seed pages ---------------------------------------------------------------------

SEED_PAGES = [
    ("000", None, "docs/sdks/generations/README.md", "create"),
    ("003", "chat_completions", "docs/sdks/router/README.md", "chat_completions"),
    ("004", None, "docs/sdks/variations/README.md", "create"),
]
# Our multipart file parameter has a real type; the seed's generator saw `Any`.
ALLOWED_ROW_DIFFERENCES = {("004", "`image`"): "[Optional[models.File]](../../models/file.md)"}
# Seed 000 predates the Router fields seed 001 shows beside `orq`: its rows stay exact and
# in order, and only these rows come between them (after `style`, before `orq`).
ADDED_SINCE_SEED = {"000": ["`metadata`", "`name`", "`fallbacks`", "`retry`", "`cache`", "`load_balancer`", "`timeout`"]}


def seed_rows(number: str, rows: List[str]) -> List[str]:
    """Our table rows without those the seed's version of the API did not have yet."""
    added = ADDED_SINCE_SEED.get(number, [])
    start = next((i for i, row in enumerate(rows) if cells(row)[0] == added[0]), -1) if added else -1
    if start < 0:
        return rows
    assert [cells(row)[0] for row in rows[start : start + len(added)]] == added
    return rows[:start] + rows[start + len(added) :]


@pytest.mark.parametrize("number, section, page, method", SEED_PAGES)
def test_seed_page_headings(router_docs: Docs, number: str, section: Optional[str], page: str, method: str) -> None:
    assert headings(router_docs[page]) == headings(seed(number, section))


@pytest.mark.parametrize("number, section, page, method", SEED_PAGES)
def test_seed_usage_snippet_comment(router_docs: Docs, number: str, section: Optional[str], page: str, method: str) -> None:
    ours = snippet_comment(page_section(router_docs[page], method))
    theirs = snippet_comment(seed(number, section))
    theirs["path"] = theirs["path"].replace(*SEED_PATH_PREFIX)
    assert ours == theirs


@pytest.mark.parametrize("number, section, page, method", SEED_PAGES)
def test_seed_parameter_rows(router_docs: Docs, number: str, section: Optional[str], page: str, method: str) -> None:
    """Row for row: the name, type and required cells equal the seed's."""
    ours = [cells(line)[:3] for line in seed_rows(number, table_after(page_section(router_docs[page], method), "### Parameters"))]
    theirs = [cells(line)[:3] for line in table_after(seed(number, section), "### Parameters")]
    assert [row[0] for row in ours] == [row[0] for row in theirs]
    for mine, seeds in zip(ours, theirs):
        allowed = ALLOWED_ROW_DIFFERENCES.get((number, seeds[0]))
        expected = [seeds[0], allowed, seeds[2]] if allowed else seeds
        assert mine == expected, f"row {seeds[0]}"


@pytest.mark.parametrize("number, section, page, method", SEED_PAGES)
def test_seed_tables_padded_alike(router_docs: Docs, number: str, section: Optional[str], page: str, method: str) -> None:
    """Our descriptions are the seeds', so the raw padded lines match too."""
    ours = seed_rows(number, table_after(page_section(router_docs[page], method), "### Parameters"))
    theirs = table_after(seed(number, section), "### Parameters")
    differ = [i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b]
    allowed = [i for i in differ if (number, cells(theirs[i])[0]) in ALLOWED_ROW_DIFFERENCES]
    assert differ == allowed and len(ours) == len(theirs)


def test_response_and_errors_sections(router_docs: Docs) -> None:
    page = router_docs["docs/sdks/generations/README.md"]
    assert "**[models.CreateImageResponseBody](../../models/createimageresponsebody.md)**" in page
    assert table_after(page, "### Errors") == [
        "| Error Type      | Status Code     | Content Type    |",
        "| --------------- | --------------- | --------------- |",
        "| errors.APIError | 4XX, 5XX        | \\*/\\*           |",
    ]
    streaming = router_docs["docs/sdks/router/README.md"]
    assert "With `stream=True`: **[utils.EventStream[models.ChatCompletionChunk]](../../models/chatcompletionchunk.md)**" in streaming
    assert "stream=True)\n\n    with res as event_stream:\n        for event in event_stream:\n            # handle event\n            print(event, flush=True)\n" in streaming


# --- pages and links -------------------------------------------------------------------------


def test_every_definition_and_resource_has_a_page(router_docs: Docs, router_api: ir.Api) -> None:
    for definition in router_api.definitions:
        assert f"docs/models/{definition.name.lower()}.md" in router_docs, definition.name
    for resource in router_api.root.walk():
        if resource.operations:
            assert f"docs/sdks/{resource.class_name.lower()}/README.md" in router_docs
    for extra in ("README.md", "USAGE.md", "docs/models/file.md", "docs/models/utils/retryconfig.md"):
        assert extra in router_docs


def check_links(docs: Docs) -> List[str]:
    """Every relative link names a generated file, and its #anchor a heading there.

    Only absolute URLs are not checked (the generator unlinks any other link in spec text).
    """
    problems = []
    for path, text in sorted(docs.items()):
        base = Path(path).parent
        for target in links(text):
            if re.match(r"[a-z][a-z0-9+.-]*:", target, flags=re.I):
                continue
            file_part, _, anchor = target.partition("#")
            resolved = path if not file_part else (base / file_part).as_posix()
            resolved = str(Path(resolved)).replace("\\", "/")
            normalized = _normalize(resolved)
            if normalized not in docs:
                problems.append(f"{path}: {target} (no such file)")
            elif anchor and anchor not in anchors(docs[normalized]):
                problems.append(f"{path}: {target} (no such heading)")
    return problems


def _normalize(path: str) -> str:
    parts: List[str] = []
    for part in path.split("/"):
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        elif part == "..":
            parts.append(part)  # above the docs root: never a generated file
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def test_links_resolve(router_docs: Docs) -> None:
    assert check_links(router_docs) == []


def test_link_checker_catches_dangling_links() -> None:
    docs = {"README.md": "# T\n\n## A b\n\n[x](#a-b) [y](docs/missing.md) [z](#nope) [w](https://example.com)\n"}
    assert check_links(docs) == ["README.md: docs/missing.md (no such file)", "README.md: #nope (no such heading)"]


def test_readme_sections_and_toc(router_docs: Docs) -> None:
    readme = router_docs["README.md"]
    wanted = ["SDK Installation", "IDE Support", "SDK Example Usage", "Authentication", "Available Resources and Operations",
              "Server-sent event streaming", "Raw responses", "File uploads", "Retries", "Timeouts", "Per-call options",
              "Error Handling", "Server Selection", "Custom HTTP Client", "Hooks", "Resource Management", "Debugging", "Development"]
    level2 = [h[3:] for h in headings(readme) if h.startswith("## ")]
    assert level2 == ["Summary", "Table of Contents", *wanted]
    toc = readme[readme.index("## Table of Contents") : readme.index("## SDK Installation")]
    assert [f"  * [{w}](#{github_slug(w)})" for w in wanted] == [line for line in toc.split("\n") if line.startswith("  * ")]
    for text in ("pip install orq-ai-sdk", "uv add orq-ai-sdk", "poetry add orq-ai-sdk", "`ORQ_SERVER_URL`", "`ORQ_DEBUG`"):
        assert text in readme, text
    auth = [cells(line) for line in table_after(readme, "## Authentication")]
    assert auth[0] == ["Name", "Type", "Scheme", "Environment Variable"] and auth[2] == ["`api_key`", "http", "HTTP Bearer", "`ORQ_API_KEY`"]
    assert "[create](docs/sdks/generations/README.md#create) - Create image" in readme


def test_usage_md_is_the_readme_usage_block(router_docs: Docs) -> None:
    usage = router_docs["USAGE.md"]
    assert "# Synchronous Example" in usage and "# Asynchronous Example" in usage
    assert usage in router_docs["README.md"]


def test_model_enum_and_union_pages(router_docs: Docs) -> None:
    enum = router_docs["docs/models/background.md"]
    assert '## Example Usage\n\n```python\nfrom orq_ai_sdk.models import Background\n\nvalue: Background = "transparent"\n```' in enum
    assert '## Values\n\n- `"transparent"`\n- `"opaque"`\n- `"auto"`\n' in enum
    union = router_docs["docs/models/createchatcompletionstop.md"]
    assert "## Supported Types\n\n### `str`\n\n```python\nvalue: str = /* values here */\n```" in union
    assert "### `List[str]`" in union
    model = router_docs["docs/models/publicidentity.md"]
    assert headings(model) == ["# PublicIdentity", "## Fields"]
    header = cells(table_after(model, "## Fields")[0])
    assert header == ["Field", "Type", "Required", "Description", "Example"]
    orq = router_docs["docs/models/createimageorq.md"]
    contact = next(line for line in table_after(orq, "## Fields") if "contact" in line)
    assert cells(contact)[0] == "~~`contact`~~" and cells(contact)[3].startswith(md.DEPRECATED)


# --- determinism and other specs --------------------------------------------------------------


def test_docs_are_deterministic() -> None:
    first = _docs(pipeline.generate_files(SPEC, CONFIG).files)
    second = _docs(pipeline.generate_files(SPEC, CONFIG).files)
    assert first == second


_DIGEST = """
import hashlib, json, sys
from pathlib import Path
from openapi_sdkgen import pipeline
files = pipeline.generate_files(Path(sys.argv[1]), Path(sys.argv[2])).files
docs = {p: t for p, t in files.items() if p.endswith(".md")}
print(hashlib.sha256(json.dumps(docs, sort_keys=True).encode()).hexdigest())
"""


def test_docs_do_not_depend_on_hash_seeds() -> None:
    """Same bytes from separate processes (set and dict order must not leak into pages)."""
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", _DIGEST, str(SPEC), str(CONFIG)], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        digests.add(run.stdout.strip())
    assert len(digests) == 1


def _python_blocks(text: str) -> List[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


@pytest.mark.parametrize("name", OTHER_SPECS)
def test_other_specs(name: str) -> None:
    """The same code documents any spec: links resolve and every usage example parses."""
    spec = SHARED / "specs" / name
    if not spec.exists():
        pytest.skip(f"{spec} is not available")
    api, _ = pipeline.build(spec, None, lenient=True)
    docs = render_docs(api, environment())
    assert check_links(docs) == []
    runnable = [p for p in docs if p in ("README.md", "USAGE.md") or p.startswith("docs/sdks/")]
    for path in runnable:
        for block in _python_blocks(docs[path]):
            ast.parse(block)
    assert len(runnable) >= 2 + sum(1 for r in api.root.walk() if r.operations)


# --- escaping: text from a spec stays text -----------------------------------------------

HOSTILE = r'''
openapi: 3.1.0
info:
  title: "Hostile | API"
  version: "1"
  description: "# Not a heading\n<script>alert(1)</script> -->\n```"
servers: [{url: "https://example.com"}]
paths:
  /:
    get:
      operationId: ping
      summary: Ping
      responses:
        "204": {description: pong}
  /things:
    post:
      operationId: "make\"Thing--><!--"
      summary: "Make | a thing\n## nope"
      description: "```\n# injected heading"
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name, kind]
              properties:
                name:
                  type: string
                  description: "a | b\nc <b>d</b> `x | y`"
                  example: "\"); import os; os.system('boom') #"
                kind:
                  type: string
                  enum: ["a\"b", "c`d"]
                  description: "# heading?"
                count:
                  type: integer
                  example: true
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {ok: {type: boolean}}}
'''


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    spec = tmp_path / "hostile.yaml"
    spec.write_text(HOSTILE, encoding="utf-8")
    api, _ = pipeline.build(spec, None)
    docs = render_docs(api, environment())
    page = docs["docs/sdks/things/README.md"]
    assert headings(page) == ["# Things", "## Overview", "### Available Operations", "## create", "### Example Usage",
                              "### Parameters", "### Response", "### Errors"]
    assert "<script>" not in "".join(docs.values()) and "<b>" not in page
    comment = re.search(r"<!-- UsageSnippet (.*?) -->", page)
    assert comment and "-->" not in comment.group(1) and "make&quot;Thing--&gt;&lt;!--" in comment.group(1)
    rows = table_after(page, "### Parameters")
    assert len(rows) == 2 + 3 + 1 and all(len(cells(r)) == 5 for r in rows)
    assert r"a \| b<br/>c &lt;b>d&lt;/b> `x \| y`" in page
    block = _python_blocks(page)[0]
    call = next(n for n in ast.walk(ast.parse(block)) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "create")
    values = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    assert values == {"name": "\"); import os; os.system('boom') #", "kind": 'a"b'}  # count's example is not an int
    root = docs["docs/sdks/hostileapi/README.md"]  # top-level operations: a page named after the SDK class
    assert headings(root)[0] == "# HostileAPI" and "    hostile_api.list()\n" in root and "**None**" in root
    readme = docs["README.md"]
    assert "### [HostileAPI](docs/sdks/hostileapi/README.md)" in readme and check_links(docs) == []
    assert not any("Not a heading" in h for h in headings(readme))
    assert sum(1 for line in readme.split("\n") if line.startswith("```")) % 2 == 0  # the stray fence is escaped
    for text in docs.values():
        for code in _python_blocks(text):
            ast.parse(code)


# --- example values -------------------------------------------------------------------------


def _defs(*definitions: ir.Definition) -> Dict[str, ir.Definition]:
    return {d.name: d for d in definitions}


def test_examples_fit_their_types() -> None:
    color = ir.Enum("Color", ("red", "blue"))
    cat = ir.Model("Cat", (ir.Field("kind", "kind", ir.LiteralType(("cat",)), True, False),
                           ir.Field("camelName", "camel_name", ir.Primitive("str"), True, False, ir.Doc(example="Tom", has_example=True))))
    dog = ir.Model("Dog", (ir.Field("kind", "kind", ir.LiteralType(("dog",)), True, False),))
    pet = ir.Alias("Pet", ir.UnionType((ir.Ref("Cat"), ir.Ref("Dog")), "kind"))
    build = examples.ExampleBuilder(_defs(color, cat, dog, pet))
    assert build.value(ir.Ref("Color"), "green") == "red"  # not a member: the first value
    assert build.value(ir.Ref("Color"), "blue") == "blue"
    assert build.value(ir.Primitive("int"), True) == 123  # a bool is no int
    assert build.value(ir.Primitive("int"), 3.0) == 3
    assert build.value(ir.Primitive("float"), float("inf")) == 123.45
    assert build.value(ir.Ref("Pet"), {"kind": "dog"}) == {"kind": "dog"}
    assert build.value(ir.Ref("Pet"), {"kind": "cat", "camelName": "Felix", "extra": 1}) == {"kind": "cat", "camel_name": "Felix"}
    assert build.value(ir.Ref("Pet")) == {"kind": "cat", "camel_name": "Tom"}  # required fields, with their examples
    wire = examples.ExampleBuilder(_defs(color, cat, dog, pet), wire=True)
    assert wire.value(ir.Ref("Cat")) == {"kind": "cat", "camelName": "Tom"}
    stamp = build.value(ir.Primitive("datetime"), "2024-05-01T10:00:00Z")
    assert isinstance(stamp, examples.Code) and stamp.text == 'datetime.fromisoformat("2024-05-01T10:00:00+00:00")'
    assert build.value(ir.Nullable(ir.Primitive("str")), None) is None
    assert build.value(ir.Primitive("str"), None) == "<value>"


def test_rendered_values_follow_the_seed_layout() -> None:
    call = calls.CallExample((("prompt", "<value>"), ("n", 1), ("orq", {"retry": {"on_codes": [429, 500]}})))
    assert calls.render_call("orq.x.create", call, 1) == (
        'orq.x.create(prompt="<value>", n=1, orq={\n        "retry": {\n            "on_codes": [\n'
        '                429,\n                500,\n            ],\n        },\n    })'
    )


def test_call_examples_use_python_names(router_api: ir.Api) -> None:
    definitions = {d.name: d for d in router_api.definitions}
    chat = next(op for op in router_api.operations if op.operation_id == "createChatCompletion")
    plain = dict(calls.call_example(definitions, chat).args)
    assert plain["stream"] is False and plain["model"] == "openai/gpt-4o"
    assert dict(calls.call_example(definitions, chat, stream=True).args)["stream"] is True
    variation = next(op for op in router_api.operations if op.operation_id == "createImageVariation")
    assert "image" not in dict(calls.call_example(definitions, variation).args)
    image = dict(calls.call_example(definitions, variation, files=True).args)["image"]
    assert isinstance(image, dict) and image["file_name"] == "example.file"


def test_table_padding_matches_speakeasy() -> None:
    table = md.table(["A", "B"], [["x", "a<br/>b<br/>c"], ["long cell", ""]])
    assert table.split("\n") == [
        "| A         | B         |",
        "| --------- | --------- |",
        "| x         | a<br/>b<br/>c |",
        "| long cell |           |",
    ]


def test_markdown_cells() -> None:
    assert md.cell("") == "N/A"
    assert md.cell("a|b\nc") == "a\\|b<br/>c"
    assert md.cell("<img src=x> `<kept>`") == "&lt;img src=x> `<kept>`"
    assert md.code_span("a`b") == "``a`b``"
    assert md.cell("see [x](../a), [y](/b), [z](https://c.d), [j](javascript:alert(1)) and `[k](e)`") == "see x, y, [z](https://c.d), j and `[k](e)`"
    assert md.block("# title\ntext") == "\\# title\ntext"
    assert md.block("run:\n```python\nimport os\n```\n```json\n{}\n```") == "run:\n```\nimport os\n```\n```json\n{}\n```"
    cells_ = md.TypeCells(lambda n: f"{n.lower()}.md", "file.md")
    assert cells_.of(ir.Primitive("int"), False, True) == "*OptionalNullable[int]*"
    assert cells_.of(ir.Ref("X"), False, False) == "[Optional[models.X]](x.md)"
    assert cells_.of(ir.ListType(ir.Ref("X")), False, False) == "List[[models.X](x.md)]"
    assert cells_.of(ir.MapType(ir.Primitive("str")), False, False) == "Dict[str, *str*]"
    assert cells_.of(ir.FileType(), False, False) == "[Optional[models.File]](file.md)"
    assert cells_.of(ir.LiteralType(("a_b",)), True, False) == '*Literal["a\\_b"]*'


def test_model_pages_name_folded_types_after_their_place(router_docs: Docs, router_api: ir.Api) -> None:
    """A folded inline type is linked under the alias of the page's own place
    (`CreateImageOrqRetry` on the createImage pages, not `CreateChatCompletionOrqRetry`)."""
    aliases = [d for d in router_api.definitions if isinstance(d, ir.Alias) and d.target and d.pointer]
    assert aliases, "the Router spec folds identical inline schemas: nothing would be checked"
    checked = 0
    for alias in aliases:
        parent_place, _, _ = alias.pointer.rpartition("/properties/")
        parents = [d for d in router_api.definitions if d.pointer and d.pointer == parent_place and not isinstance(d, ir.Alias)]
        for parent in parents:
            page = router_docs[f"docs/models/{parent.name.lower()}.md"]
            assert f"({alias.name.lower()}.md)" in page, (parent.name, alias.name)
            assert f"({alias.target.lower()}.md)" not in page, (parent.name, alias.target)
            checked += 1
    assert checked >= 3


def test_readme_links_are_absolute_when_the_config_names_the_repository(tmp_path: Path) -> None:
    config = tmp_path / "sdk.yaml"
    config.write_text(CONFIG.read_text(encoding="utf-8") + "repository: https://github.com/example/orq-python\n", encoding="utf-8")
    docs = _docs(pipeline.generate_files(SPEC, config).files)
    readme = docs["README.md"]
    targets = list(links(readme))
    assert "https://github.com/example/orq-python/blob/HEAD/docs/sdks/generations/README.md#create" in targets
    relative = [t for t in targets if not re.match(r"[a-z]+:|#", t)]
    assert relative == [], relative
    assert check_links(docs) == []  # the other pages keep their relative links, which resolve


def test_readme_is_short(router_docs: Docs) -> None:
    """Each section shows its own point: the README stays a page, not a scroll (a third of the
    982 lines and 32,679 characters it had, with the same sections, when every section repeated
    the full usage call)."""
    readme = router_docs["README.md"]
    assert len(readme.split("\n")) < 982 / 3 and len(readme) < 32679 / 3
    blocks = re.findall(r"^```python\n(.*?)^```", readme, flags=re.S | re.M)
    assert max(len(b.split("\n")) for b in blocks) <= 25


def test_docs_command_builds_and_replaces_only_its_own_site(tmp_path: Path) -> None:
    pytest.importorskip("material", reason="the [site] extra (mkdocs, mkdocs-material) is not installed")
    site = tmp_path / "site"
    command = [sys.executable, "-m", "openapi_sdkgen", "docs", str(SPEC), "-o", str(site), "--config", str(CONFIG)]
    for _ in range(2):  # the second run replaces the first one's site
        done = subprocess.run(command, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert (site / "index.html").is_file() and (site / "docs" / "sdks" / "generations" / "index.html").is_file()
    page = (site / "docs" / "sdks" / "generations" / "index.html").read_text(encoding="utf-8")
    assert "<summary>Show Parameters</summary>" in page and "fonts.googleapis.com" not in page and "cdn.jsdelivr.net" not in page
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    refused = subprocess.run([*command[:6], str(mine), *command[7:]], capture_output=True, text=True)
    assert refused.returncode == 1 and "is not a site sdkgen built" in refused.stderr
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
