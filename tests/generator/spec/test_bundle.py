"""A spec written across files (tests/specs/multifile) is made one document before validation:
what other files hold becomes components with readable names, and errors in those files are
reported at their own file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from openapi_sdkgen.diagnostics import GeneratorError
from openapi_sdkgen.pipeline import build
from openapi_sdkgen.spec.bundle import bundle
from openapi_sdkgen.spec.load import load_document

MULTIFILE = Path(__file__).resolve().parents[2] / "specs" / "multifile"


@pytest.fixture()
def spec(tmp_path: Path) -> Path:
    shutil.copytree(MULTIFILE, tmp_path / "multifile")
    return tmp_path / "multifile" / "openapi.yaml"


def test_what_other_files_hold_becomes_components_named_after_them(spec: Path) -> None:
    document = load_document(spec)
    bundle(document, lenient=True)
    components = document.data["components"]
    assert sorted(components["schemas"]) == ["Animal", "habitat", "keeper", "lion", "models_habitat", "new_animal"]
    animal = components["schemas"]["Animal"]  # the root's own name for models/animal.yaml
    assert animal["properties"]["keeper"] == {"$ref": "#/components/schemas/keeper"}
    assert components["schemas"]["keeper"]["properties"]["favourite"] == {"$ref": "#/components/schemas/Animal"}  # a cycle across files
    assert animal["discriminator"]["mapping"] == {"lion": "#/components/schemas/lion"}
    assert components["schemas"]["new_animal"]["properties"]["habitat"] == {"$ref": "#/components/schemas/models_habitat"}  # another habitat.yaml
    operation = document.data["paths"]["/animals"]["get"]
    assert operation["parameters"] == [{"$ref": "#/components/parameters/limit"}]
    assert operation["responses"]["200"]["headers"]["X-Rate-Limit"] == {"$ref": "#/components/headers/rate_limit"}
    assert operation["responses"]["default"] == {"$ref": "#/components/responses/error"}
    created = document.data["paths"]["/animals"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]
    assert created == {"$ref": "#/components/schemas/Animal"}  # a reference back into the root is local
    keeper = document.data["paths"]["/keepers/{keeper_id}"]["get"]
    assert keeper["operationId"] == "getKeeper"
    assert document.data["tags"][0]["description"] == "Every animal of the zoo."
    assert keeper["responses"]["200"]["content"]["application/json"]["example"] == {"name": "Ada"}  # an example kept in a file
    # extensions are not the generator's to read: kept as written
    assert keeper.pop("x-codeSamples") == [{"lang": "cURL", "source": {"$ref": "../shared/samples.yaml#/get_keeper"}}]
    assert keeper.pop("x-unread") == {"$ref": "../nowhere.yaml"}
    assert "$ref" not in str(document.data).replace("'$ref': '#/", "")  # nothing else is left outside the document
    assert len(document.sources) == 15  # every file but the root


def test_the_sdk_is_built_from_every_file(spec: Path) -> None:
    api, warnings = build(spec, None, lenient=True)
    assert sorted(op.operation_id or "" for op in api.operations) == ["createAnimal", "getKeeper", "listAnimals"]
    names = {d.name for d in api.definitions}
    assert {"Habitat", "Keeper", "Lion", "ModelsHabitat", "NewAnimal"} <= names
    (repair,) = [w for w in warnings if "`$ref`" in w.message]
    assert (Path(repair.file).name, repair.line, repair.path) == ("new_animal.yaml", 3, ("properties",))


def test_a_map_written_as_one_reference_needs_lenient(spec: Path) -> None:
    with pytest.raises(GeneratorError) as caught:
        build(spec, None)
    (error,) = caught.value.diagnostics
    assert error.file.endswith("models/new_animal.yaml") and error.line == 3
    assert "a map of names is written as one `$ref` (attributes.yaml#/animal_fields)" in error.message
    assert "--lenient tolerates this: the map it refers to is used" in error.message


def test_an_error_in_another_file_is_reported_at_its_file_and_line(spec: Path) -> None:
    lion = spec.parent / "models" / "lion.yaml"
    lion.write_text(lion.read_text().replace("mane: {type: boolean}", "mane: {type: boolean, required: 3}"))
    with pytest.raises(GeneratorError) as caught:
        build(spec, None, lenient=True)
    errors = caught.value.diagnostics
    assert {Path(e.file).name for e in errors} == {"lion.yaml"}
    assert ("properties", "mane", "required", 5) in [(*e.path, e.line) for e in errors]


def test_every_reference_to_nothing_is_reported_at_its_place(spec: Path) -> None:
    keeper = spec.parent / "models" / "keeper.yaml"
    keeper.write_text(keeper.read_text().replace("animal.yaml", "animals.yaml"))
    listing = spec.parent / "ops" / "list_animals.yaml"
    listing.write_text(listing.read_text().replace("parameters.yaml#/limit", "parameters.yaml#/limits"))
    with pytest.raises(GeneratorError) as caught:
        build(spec, None, lenient=True)
    places = sorted((Path(d.file).name, d.line) for d in caught.value.diagnostics)
    assert places == [("keeper.yaml", 4), ("list_animals.yaml", 4)]
    assert any("points to nothing" in d.message for d in caught.value.diagnostics)


def test_a_spec_in_one_file_is_left_as_it_is(tmp_path: Path) -> None:
    spec = tmp_path / "one.yaml"
    spec.write_text('openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths: {}\ncomponents: {schemas: {A: {$ref: "#/components/schemas/B"}, B: {type: string}}}\n')
    document = load_document(spec)
    data = document.data
    assert bundle(document, lenient=False) == []
    assert document.data is data and document.sources == ()


def test_a_message_that_names_another_place_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(
        'openapi: 3.0.3\ninfo: {title: t, version: "1"}\nservers: [{url: "https://t.example.com"}]\npaths: {}\n'
        'components: {schemas: {Child: {$ref: "child.yaml"}}}\n'
    )
    (tmp_path / "child.yaml").write_text('allOf:\n  - $ref: "base.yaml"\n  - properties: {size: {type: boolean}}\n')
    (tmp_path / "base.yaml").write_text("type: object\nproperties:\n  size: {type: string}\n")
    _, warnings = build(tmp_path / "spec.yaml", None, lenient=True)
    (clash,) = [w for w in warnings if "allOf conflict" in w.message]
    assert (Path(clash.file).name, clash.line) == ("child.yaml", 3)
    assert f"neither {tmp_path / 'base.yaml'}#/properties/size's nor a narrowing of it" in clash.message
