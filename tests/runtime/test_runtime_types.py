import copy
import json
import pickle
from typing import Any, Dict, List, Literal, Optional, Union

import pytest
from pydantic import Field, ValidationError

from rtpkg.utils import UNSET, BaseModel, Nullable, OptionalNullable, Unset, validate_arguments
from rtpkg.utils.errors import SDKValidationError
from rtpkg.utils.serializers import json_body


class Cache(BaseModel):
    type: Literal["exact_match"]
    ttl: Optional[float] = None
    n: OptionalNullable[int] = UNSET
    class_: Optional[str] = Field(default=None, alias="class")


class Request(BaseModel):
    prompt: str
    required_nullable: Nullable[str]
    nullable_default: Nullable[int] = 5
    cache: Optional[Cache] = None
    caches: List[Cache] = Field(default_factory=list)
    meta: Optional[Dict[str, Any]] = None


def test_unset_is_a_falsy_singleton() -> None:
    assert Unset() is UNSET
    assert not UNSET
    assert repr(UNSET) == "UNSET"
    assert copy.deepcopy(UNSET) is UNSET
    assert pickle.loads(pickle.dumps(UNSET)) is UNSET


def test_unset_field_is_omitted_and_none_on_nullable_is_null() -> None:
    assert Cache(type="exact_match").model_dump() == {"type": "exact_match"}
    assert json.loads(Cache(type="exact_match", n=None).model_dump_json()) == {
        "type": "exact_match",
        "n": None,
    }
    assert Cache(type="exact_match", n=3).model_dump() == {
        "type": "exact_match",
        "n": 3,
    }


def test_none_on_optional_non_nullable_is_omitted() -> None:
    dumped = Cache(type="exact_match", ttl=None, class_=None).model_dump_json()  # type: ignore[call-arg]
    assert json.loads(dumped) == {"type": "exact_match"}
    assert json.loads(Cache(type="exact_match", ttl=1.5).model_dump_json()) == {
        "type": "exact_match",
        "ttl": 1.5,
    }


def test_required_nullable_keeps_null() -> None:
    body = json.loads(
        Request(
            prompt="p", required_nullable=None, nullable_default=None
        ).model_dump_json()
    )
    # caches is left at its default (an empty list from its factory): not written
    assert body == {"prompt": "p", "required_nullable": None, "nullable_default": None}


def test_aliases_are_used_on_the_wire_and_accepted_both_ways() -> None:
    by_alias = Cache.model_validate({"type": "exact_match", "class": "a"})
    by_name = Cache(type="exact_match", class_="b")  # type: ignore[call-arg]
    assert by_alias.class_ == "a"
    assert by_alias.model_dump() == {"type": "exact_match", "class": "a"}
    assert by_name.model_dump_json() == '{"type":"exact_match","class":"b"}'
    # by_alias=False dumps names, and the omission rules still apply to them
    assert Cache(type="exact_match").model_dump(by_alias=False) == {
        "type": "exact_match"
    }
    assert by_name.model_dump(by_alias=False) == {"type": "exact_match", "class_": "b"}


def test_extra_fields_are_kept_even_when_none() -> None:
    cache = Cache.model_validate_json(
        '{"type": "exact_match", "future": 1, "other": null}'
    )
    assert cache.model_dump() == {"type": "exact_match", "future": 1, "other": None}


def test_nested_models_apply_their_own_rules() -> None:
    req = Request(
        prompt="p",
        required_nullable="r",
        cache=Cache(type="exact_match", n=None),
        caches=[Cache(type="exact_match"), Cache(type="exact_match", ttl=2)],
        meta={"k": None},
    )
    # nullable_default is left at its default (5): not written
    assert json.loads(req.model_dump_json()) == {
        "prompt": "p",
        "required_nullable": "r",
        "cache": {"type": "exact_match", "n": None},
        "caches": [{"type": "exact_match"}, {"type": "exact_match", "ttl": 2.0}],
        "meta": {"k": None},
    }


def test_request_encoding_applies_the_dump_rules() -> None:
    """json_body leaves defaults out inside pydantic; a dump does it in the serializer."""
    models = [
        Cache(type="exact_match"),
        Cache(type="exact_match", ttl=None, n=None, class_="c"),  # type: ignore[call-arg]
        Request(prompt="p", required_nullable=None, nullable_default=None, caches=[]),
        Request(
            prompt="p",
            required_nullable="r",
            nullable_default=6,
            cache=Cache(type="exact_match", n=UNSET, ttl=1),
            caches=[Cache(type="exact_match", n=None)],
            meta={"k": None, "u": None},
        ),
    ]
    for model in models:
        assert json.loads(json_body(model)) == json.loads(model.model_dump_json())
        assert model.model_dump(exclude_defaults=True) == model.model_dump()


def test_validate_arguments_validates_what_was_given() -> None:
    cache = validate_arguments(
        Cache, {"type": "exact_match", "ttl": None, "n": None, "class": "a"}
    )
    assert cache.model_fields_set == {"type", "n", "class_"}  # None is ttl's default
    assert cache.n is None and cache.class_ == "a"
    assert json_body(cache) == b'{"type":"exact_match","n":null,"class":"a"}'
    left_out = validate_arguments(Cache, {"type": "exact_match", "ttl": None, "n": UNSET})
    assert left_out.model_fields_set == {"type"}
    assert json_body(left_out) == b'{"type":"exact_match"}'
    with pytest.raises(SDKValidationError) as bad_n:
        validate_arguments(Cache, {"type": "exact_match", "n": "not a number"})
    assert bad_n.value.field == "n" and "'n'" in str(bad_n.value)
    assert not isinstance(bad_n.value, ValidationError)
    with pytest.raises(SDKValidationError) as bad_type:
        validate_arguments(Cache, {"type": "other", "class": 3})
    assert bad_type.value.field == "type"
    assert "class_" in str(bad_type.value)  # named by keyword, not by wire name


def test_unset_only_validates_as_the_singleton() -> None:
    with pytest.raises(ValidationError):
        Cache(type="exact_match", n="not a number")  # type: ignore[arg-type]
    assert Cache.model_validate_json('{"type": "exact_match", "n": null}').n is None
    assert Cache.model_validate_json('{"type": "exact_match"}').n is UNSET


def test_optional_nullable_is_a_generic_alias() -> None:
    assert OptionalNullable[int] == Union[int, None, Unset]  # type: ignore[misc]
    assert Nullable[str] == Optional[str]  # type: ignore[misc]


def test_json_schema_still_generates() -> None:
    schema = Cache.model_json_schema(by_alias=True)
    assert schema["properties"]["n"]["anyOf"] == [{"type": "integer"}, {"type": "null"}]
    assert "class" in schema["properties"]
