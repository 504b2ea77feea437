"""Example values fit their schema's constraints: pattern, format, lengths, ranges."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openapi_sdkgen import pipeline
from openapi_sdkgen.docs import calls
from openapi_sdkgen.docs.examples import ExampleBuilder, Invalid
from openapi_sdkgen.docs.fitting import PLACEHOLDER, fitting_number, fitting_string, satisfies
from openapi_sdkgen.model import ir
from openapi_sdkgen.model.constraints import constraints_of

C = ir.Constraints


@pytest.mark.parametrize(
    "constraints",
    [
        C(pattern=r"^AC[0-9a-fA-F]{32}$"),  # a Twilio account sid
        C(pattern=r"^(0|[1-9][0-9]{16,19})$"),  # a Discord snowflake
        C(pattern=r"^[a-z]+$", max_length=5),
        C(pattern=r"^[A-Z]{3}-\d{4}$", min_length=8, max_length=8),
        C(min_length=2, max_length=4),
        C(max_length=3),
        C(min_length=40),
    ],
)
def test_strings_fit_patterns_and_lengths(constraints: ir.Constraints) -> None:
    value = fitting_string(constraints)
    assert satisfies(value, constraints), value
    if constraints.pattern:
        assert re.search(constraints.pattern, value)
    assert fitting_string(constraints) == value  # the same on every run


def test_formats_get_a_valid_value() -> None:
    assert uuid.UUID(fitting_string(C(format="uuid")))
    assert fitting_string(C(format="email")) == "user@example.com"
    assert fitting_string(C(format="uri")).startswith("https://")
    assert fitting_string(None) == PLACEHOLDER  # nothing constrains it: the placeholder stays
    assert fitting_string(C(pattern=r"\p{L}+")) == PLACEHOLDER  # ECMA syntax Python cannot check


@given(
    low=st.one_of(st.none(), st.integers(-1000, 1000)),
    span=st.integers(0, 500),
    exclusive=st.booleans(),
    step=st.sampled_from([None, 1, 5, 50, 0.25]),
)
@settings(max_examples=200, deadline=None)
def test_numbers_fit_their_range(low: int, span: int, exclusive: bool, step: float) -> None:
    high = None if low is None else low + span + 2 * int(step or 1) + 2  # wide enough to hold a multiple
    c = C(minimum=low, maximum=high, exclusive_minimum=exclusive and low is not None, exclusive_maximum=exclusive and high is not None,
          multiple_of=step)
    for kind in ("int", "float"):
        value = fitting_number(kind, c)
        if kind == "int" and step == 0.25:
            continue  # an int multiple of 0.25 is any int: checked by the other cases
        assert satisfies(value, c), (kind, value, c)


def test_schema_keywords_become_constraints() -> None:
    assert constraints_of({"type": "string", "pattern": "^a$", "format": "uuid", "minLength": 1}) == C(pattern="^a$", format="uuid", min_length=1)
    assert constraints_of({"type": "number", "exclusiveMinimum": 0, "maximum": 1}) == C(minimum=0, exclusive_minimum=True, maximum=1)
    assert constraints_of({"type": "number", "minimum": 0, "exclusiveMinimum": True}) == C(minimum=0, exclusive_minimum=True)  # 3.0
    assert constraints_of({"type": "string", "format": "password"}) is None
    assert constraints_of({"type": "string", "minLength": True, "pattern": ""}) is None


SPEC = """
openapi: 3.1.0
info: {title: Fit, version: "1"}
paths:
  /accounts/{sid}:
    post:
      operationId: update
      parameters:
        - {name: sid, in: path, required: true, schema: {type: string, pattern: "^AC[0-9a-f]{32}$"}, example: "<not a sid>"}
        - {name: page, in: query, required: true, schema: {type: integer, minimum: 1, maximum: 100}, example: 5}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [code, id]
              properties:
                code: {type: string, maxLength: 4, example: "FAR-TOO-LONG"}
                id: {type: string, format: uuid}
      responses:
        "200": {description: ok}
"""


def test_call_examples_keep_valid_spec_examples_and_replace_invalid_ones(tmp_path: Path) -> None:
    spec = tmp_path / "fit.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    api = pipeline.build(spec, None)[0]
    (op,) = api.operations
    args = dict(calls.call_example({d.name: d for d in api.definitions}, op).args)
    assert re.fullmatch(r"AC[0-9a-f]{32}", str(args["sid"]))  # the spec's example breaks its pattern
    assert args["page"] == 5  # a valid example is kept
    assert len(str(args["code"])) <= 4 and args["code"] != "FAR-TOO-LONG"
    assert uuid.UUID(str(args["id"]))
    builder = ExampleBuilder({d.name: d for d in api.definitions})
    sid = next(p for p in op.params if p.py_name == "sid")
    assert isinstance(builder.conform(sid.type, "<not a sid>"), Invalid)
    assert builder.conform(sid.type, "AC" + "0" * 32) == "AC" + "0" * 32
