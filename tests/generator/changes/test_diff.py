"""The change report: `sdkgen diff` on pairs of specs, and the changelog `generate` keeps."""

from __future__ import annotations

import json
from pathlib import Path
from dataclasses import dataclass
from typing import Any, Callable, Dict

import pytest

from openapi_sdkgen import cli
from openapi_sdkgen.changes.diff import MAJOR, MINOR, compare
from openapi_sdkgen.changes.report import next_version, update_changelog
from cli_support import snapshot

SPECS = Path(__file__).resolve().parents[3] / "tests" / "specs" / "diff"
BASE = str(SPECS / "base.yaml")
CONFIG = str(SPECS / "sdk.yaml")  # version 1.2.3



@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def sdkgen(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """`sdkgen ARGS` in process (the CLI tests run it as a subprocess)."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


CASES = {
    "field_added": (
        0,
        "0 breaking changes, 3 other changes. Suggested version bump: **minor** (1.2.3 -> 1.3.0).",
        [
            "## `albums.retrieve`",
            "- `response.cover`: added (Image, optional)",  # inside a recursive model
            "## `images.generations.create`",
            "- `style`: added (str, optional)",
            "- `response.data[].revised_prompt`: added (str, optional)",
        ],
    ),
    "field_removed": (
        1,
        "3 breaking changes, 2 other changes. Suggested version bump: **major** (1.2.3 -> 2.0.0).",
        [
            "## `albums.retrieve`",
            "- **breaking** `response.title`: removed (was str, optional)",
            "## `images.generations.create`",
            "- `options.retry.backoff`: added (float, optional)",
            "- **breaking** `options.retry.count`: removed (was int, optional)",
            "- `response.data[].b64_json`: added (str, optional)",
            "- **breaking** `response.data[].url`: removed (was str, optional)",
        ],
    ),
    "field_required": (
        1,
        "1 breaking change, 1 other change. Suggested version bump: **major** (1.2.3 -> 2.0.0).",
        ["## `images.generations.create`", "- **breaking** `size`: now required", "- `response.created`: now required"],
    ),
    "enum_value_removed": (
        1,
        "1 breaking change, 0 other changes. Suggested version bump: **major** (1.2.3 -> 2.0.0).",
        ["## `images.generations.create`", '- **breaking** `size`: enum value removed: "large"'],
    ),
    "enum_value_added": (
        0,
        "0 breaking changes, 1 other change. Suggested version bump: **minor** (1.2.3 -> 1.3.0).",
        ["## `images.generations.create`", '- `size`: enum value added: "huge"'],
    ),
    "operation_added": (
        0,
        "0 breaking changes, 1 other change. Suggested version bump: **minor** (1.2.3 -> 1.3.0).",
        ["## `albums.create`", "- added (POST /v1/albums)"],
    ),
    "type_changed": (
        1,
        "2 breaking changes, 0 other changes. Suggested version bump: **major** (1.2.3 -> 2.0.0).",
        ["## `images.generations.create`", "- **breaking** `n`: type changed from int to str", "- **breaking** `response.created`: type changed from int to datetime"],
    ),
    "type_widened": (
        1,
        "1 breaking change, 2 other changes. Suggested version bump: **major** (1.2.3 -> 2.0.0).",
        ["## `images.generations.create`", "- `n`: type changed from int to int | str", "- **breaking** `response.data[].url`: now nullable", "## Models", "- added: `CreateImageN`"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_diff_reports_each_change_and_the_bump(case: str, sdkgen: Callable[..., Run]) -> None:
    exit_code, summary, expected = CASES[case]
    new = str(SPECS / f"{case}.yaml")

    result = sdkgen("diff", BASE, new, "--config", CONFIG)
    failing = sdkgen("diff", BASE, new, "--config", CONFIG, "--fail-on-breaking")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"# API changes: {BASE} -> {new}"
    assert lines[2] == summary
    changes = [line for line in lines if line.startswith(("- ", "## "))]
    assert changes == expected  # nothing more, in this order
    assert failing.returncode == exit_code
    assert failing.stdout == result.stdout


def test_diff_of_a_spec_with_itself_is_empty(sdkgen: Callable[..., Run]) -> None:
    result = sdkgen("diff", BASE, BASE, "--config", CONFIG, "--fail-on-breaking")
    assert result.returncode == 0
    assert result.stdout.splitlines()[2:] == ["No changes to the API surface."]


def test_0x_versions_take_breaking_changes_in_the_minor_number(sdkgen: Callable[..., Run]) -> None:
    breaking = sdkgen("diff", BASE, str(SPECS / "field_removed.yaml"))  # no config: version 0.1.0
    compatible = sdkgen("diff", BASE, str(SPECS / "field_added.yaml"))
    assert "Suggested version bump: **minor** (0.1.0 -> 0.2.0); a 0.x version takes breaking changes in its minor number." in breaking.stdout
    assert "Suggested version bump: **patch** (0.1.0 -> 0.1.1); a 0.x version takes compatible changes in its patch number." in compatible.stdout


@pytest.mark.parametrize(
    "version, level, expected",
    [("1.2.3", MAJOR, "2.0.0"), ("1.2.3", MINOR, "1.3.0"), ("1.2.3", "patch", "1.2.4"), ("2.0", MINOR, "2.1.0"), ("0.4.1", MAJOR, "0.5.0"), ("0.4.1", MINOR, "0.4.2"), ("1.0.0rc1", MAJOR, "2.0.0")],
)
def test_next_version(version: str, level: str, expected: str) -> None:
    assert next_version(version, level) == expected


def test_diff_of_an_invalid_spec_names_the_place(sdkgen: Callable[..., Run]) -> None:
    result = sdkgen("diff", BASE, str(Path(__file__).resolve().parents[3] / "tests" / "specs" / "invalid.yaml"), "--fail-on-breaking")
    assert result.returncode == 1
    assert "invalid.yaml:3:" in result.stderr and "no report" in result.stderr
    assert result.stdout == ""


def _surface(types: Dict[str, Any], response: Any) -> Dict[str, Any]:
    return {"methods": {"tree.get": {"http": "GET /tree", "params": {}, "response": response}}, "types": types}


def test_recursive_types_are_walked_once_and_changes_found_deep_inside() -> None:
    """Node -> children: list[Child]; Child is a union alias of Node and Leaf; Leaf -> parent: Node."""
    def types(leaf_fields: Dict[str, Any]) -> Dict[str, Any]:
        return {
            "Node": {"model": {"children": {"type": {"list": {"ref": "Child"}}}, "name": {"type": "str", "required": True}}},
            "Child": {"alias": {"union": [{"ref": "Node"}, {"ref": "Leaf"}]}},
            "Leaf": {"model": {"parent": {"type": {"ref": "Node"}}, **leaf_fields}},
        }

    old = _surface(types({"value": {"type": "int"}}), {"ref": "Node"})
    new = _surface(types({"value": {"type": "int", "nullable": True}}), {"ref": "Node"})

    changes = compare(old, new)

    assert [(c.method, c.path, c.text, c.level) for c in changes] == [("tree.get", "response.children[](Leaf).value", "now nullable", MAJOR)]
    assert compare(new, new) == []


def test_a_renamed_model_is_compared_by_shape() -> None:
    old = _surface({"ImageV1": {"model": {"url": {"type": "str"}}}}, {"list": {"ref": "ImageV1"}})
    new = _surface({"ImageV2": {"model": {"url": {"type": "str"}, "alt": {"type": "str"}}}}, {"list": {"ref": "ImageV2"}})

    found = [(c.method, c.path, c.text, c.breaking) for c in compare(old, new)]

    assert found == [
        ("tree.get", "response[].alt", "added (str, optional)", False),
        ("", "", "removed: `ImageV1`", True),  # an import of the old class breaks
        ("", "", "added: `ImageV2`", False),
    ]


def test_union_members_folded_into_identical_models_are_no_change() -> None:
    """`Image1 | Image2` of one operation became `Other1 | Other2`: the old names are now other names of those."""
    def member(field: str) -> Dict[str, Any]:
        return {"model": {field: {"type": "str"}}}

    old = _surface({"Image1": member("url"), "Image2": member("b64"), "Other1": member("url"), "Other2": member("b64")}, {"union": [{"ref": "Image1"}, {"ref": "Image2"}]})
    new = _surface({"Image1": {"alias": {"ref": "Other1"}}, "Image2": {"alias": {"ref": "Other2"}}, "Other1": member("url"), "Other2": member("b64")}, {"union": [{"ref": "Other1"}, {"ref": "Other2"}]})

    assert compare(old, new) == [] and compare(new, old) == []


# --- the report kept by `generate` ---------------------------------------------------


@pytest.fixture
def generate(sdkgen: Callable[..., Run]) -> Callable[..., Run]:
    def run(out: Path, spec: str, config: str = CONFIG) -> Run:
        result = sdkgen("generate", spec, "-o", str(out), "--config", config)
        assert result.returncode == 0, result.stderr
        return result

    return run


def test_generate_reports_and_files_changes_in_the_changelog(tmp_path: Path, generate: Callable[..., Run]) -> None:
    out = tmp_path / "out"
    first = generate(out, BASE)
    assert "API changes" not in first.stdout and not (out / "CHANGELOG.md").exists()
    surface = json.loads((out / ".sdkgen" / "surface.json").read_text())
    assert sorted(surface["methods"]) == ["albums.retrieve", "images.generations.create"]

    second = generate(out, str(SPECS / "field_removed.yaml"))

    assert second.stdout.startswith("# API changes since the previous generation\n\n3 breaking changes, 2 other changes.")
    assert "- **breaking** `options.retry.count`: removed (was int, optional)" in second.stdout
    changelog = (out / "CHANGELOG.md").read_text()
    assert changelog.startswith("# Changelog\n\n## Unreleased\n\n3 breaking changes, 2 other changes. Suggested version bump: **major** (1.2.3 -> 2.0.0).\n\n### `albums.retrieve`\n\n")
    assert "- **breaking** `response.data[].url`: removed (was str, optional)\n" in changelog
    assert "CHANGELOG.md" in json.loads((out / ".sdkgen" / "manifest.json").read_text())["files"]


def test_regenerating_without_api_changes_changes_no_byte(tmp_path: Path, generate: Callable[..., Run], sdkgen: Callable[..., Run]) -> None:
    out = tmp_path / "out"
    generate(out, BASE)
    generate(out, str(SPECS / "enum_value_added.yaml"))
    before = snapshot(out)

    again = generate(out, str(SPECS / "enum_value_added.yaml"))

    assert snapshot(out) == before
    assert "API changes" not in again.stdout
    assert sdkgen("check", str(SPECS / "enum_value_added.yaml"), "-o", str(out), "--config", CONFIG).returncode == 0


def test_changes_gather_under_unreleased_until_the_version_changes(tmp_path: Path, generate: Callable[..., Run], sdkgen: Callable[..., Run]) -> None:
    out = tmp_path / "out"
    bumped = tmp_path / "sdk.yaml"
    bumped.write_text(Path(CONFIG).read_text().replace("1.2.3", "1.3.0"))
    generate(out, BASE)
    generate(out, str(SPECS / "field_added.yaml"))
    (out / "CHANGELOG.md").write_text((out / "CHANGELOG.md").read_text() + "\n## 1.2.3\n\nWritten by hand.\n")
    generate(out, str(SPECS / "operation_added.yaml"))  # operation_added lacks the fields field_added added

    check = sdkgen("check", str(SPECS / "operation_added.yaml"), "-o", str(out), "--config", str(bumped))
    assert check.returncode == 1 and "  CHANGELOG.md" in check.stdout
    generate(out, str(SPECS / "operation_added.yaml"), str(bumped))

    headings = [line for line in (out / "CHANGELOG.md").read_text().splitlines() if line.startswith(("## ", "### ", "Written"))]
    assert headings == [
        "## 1.3.0",
        "### `albums.retrieve`",
        "### `images.generations.create`",
        "### `albums.create`",
        "### `albums.retrieve`",
        "### `images.generations.create`",
        "## 1.2.3",
        "Written by hand.",
    ]


def test_update_changelog_keeps_a_users_file_and_only_touches_it_for_changes() -> None:
    mine = "# History of our SDK\n\nSome words.\n\n## 1.0.0\n\n- first release\n"
    assert update_changelog(mine, "", "1.0.0", "1.0.0") == mine
    assert update_changelog(None, "", "1.0.0", "1.0.0") is None
    updated = update_changelog(mine, "1 other change.\n", "1.0.0", "1.0.0")
    assert updated == "# History of our SDK\n\nSome words.\n\n## Unreleased\n\n1 other change.\n\n## 1.0.0\n\n- first release\n"
