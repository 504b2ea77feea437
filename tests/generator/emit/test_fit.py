"""fit.subscript cuts an annotation's parts out exactly, whatever characters it holds."""

from __future__ import annotations

from openapi_sdkgen.emit import fit


def test_subscript_splits_around_non_ascii_text() -> None:
    # ast counts offsets in UTF-8 bytes: parts after wide characters must still be whole
    values = ", ".join(f'"värde-{i}-日本"' for i in range(5))
    expression = f"Optional[Union[Literal[{values}], List[models.Item]]]"
    assert fit.subscript(expression, "field: ", "    ") == (
        "Optional[\n"
        "        Union[\n"
        f"            Literal[{values}],\n"
        "            List[models.Item],\n"
        "        ]\n"
        "    ]"
    )


def test_subscript_splits_an_expression_written_on_several_lines() -> None:
    expression = "Union[models.First, models.Second,\n models.Third]"
    assert fit.subscript(expression, "x" * 90 + ": ") == "Union[\n    models.First,\n    models.Second,\n    models.Third,\n]"


def test_assignment_of_a_name_is_laid_out_as_black_does() -> None:
    import black

    for target, name in [("A" * 40, "B" * 40), ("A" * 50, "B" * 55), ("A" * 120, "B" * 10), ("A" * 60, "B" * 100)]:
        line = fit.assignment(target, name) + "\n"
        assert black.format_str(line, mode=black.Mode(line_length=fit.LINE_LENGTH)) == line


def test_fits_measures_non_ascii_lines_as_black_does() -> None:
    from black.strings import str_width

    pieces = ["a", "日", "é", "\u0301", "\t", "≥", "😀", " "]
    lines = [piece * count for piece in pieces for count in (1, 49, 50, 51, 99, 100, 101, 150)]
    lines += [f'    """{"Must be ≥1024 " * n}"""' for n in (3, 6, 7, 8, 12)]
    lines += ["日" * n + "a" * (100 - 2 * n + extra) for n in (1, 20, 49) for extra in (-1, 0, 1)]
    assert [fit.fits(line) for line in lines] == [str_width(line) <= fit.LINE_LENGTH for line in lines]
