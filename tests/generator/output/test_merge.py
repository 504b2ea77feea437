"""The three-way merge of a user's edits with the new output."""

from __future__ import annotations

from openapi_sdkgen.output.merge import GENERATED, SEPARATOR, YOURS, merge3

BASE = "a\nb\nc\nd\ne\n"


def test_changes_to_different_lines_are_both_kept() -> None:
    assert merge3(BASE, "a\nB\nc\nd\ne\n", "a\nb\nc\nD\ne\n") == ("a\nB\nc\nD\ne\n", 0)


def test_lines_added_at_either_end_are_both_kept() -> None:
    assert merge3(BASE, BASE + "f\n", "z\n" + BASE) == ("z\n" + BASE + "f\n", 0)


def test_the_same_change_on_both_sides_is_taken_once() -> None:
    assert merge3(BASE, "a\nc\nd\ne\n", "a\nc\nd\ne\n") == ("a\nc\nd\ne\n", 0)
    assert merge3(BASE, "a\nX\nc\nd\ne\n", "a\nX\nc\nd\ne\nf\n") == ("a\nX\nc\nd\ne\nf\n", 0)


def test_a_side_that_did_not_change_yields_to_the_other() -> None:
    assert merge3(BASE, BASE, "x\n") == ("x\n", 0)
    assert merge3(BASE, "x\n", BASE) == ("x\n", 0)


def test_different_changes_to_the_same_line_conflict_between_markers() -> None:
    text, conflicts = merge3(BASE, "a\nMINE\nc\nd\ne\n", "a\nTHEIRS\nc\nd\ne\n")
    assert conflicts == 1
    assert text == f"a\n{YOURS}MINE\n{SEPARATOR}THEIRS\n{GENERATED}c\nd\ne\n"


def test_a_deletion_against_an_edit_conflicts() -> None:
    text, conflicts = merge3(BASE, "a\nb\nc\ne\n", "a\nb\nc\nDD\ne\n")
    assert conflicts == 1 and f"{YOURS}{SEPARATOR}DD\n{GENERATED}" in text


def test_without_a_base_two_different_texts_are_one_conflict() -> None:
    text, conflicts = merge3("", "mine", "theirs\n")
    assert conflicts == 1
    assert text == f"{YOURS}mine\n{SEPARATOR}theirs\n{GENERATED}"
