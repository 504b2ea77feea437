"""Names in the corpus's SDKs (tests/corpus): what people would write, not what the URL or the
spec's bookkeeping happens to contain.

No resource, method or class name carries a version segment of the spec's URLs or schema
namespaces (Twilio's `2010-04-01`, `api.v2010.`), a file extension of its paths
(`Messages.json`), or an identifier written into a path (Box's `6VMVochwUWo`). A name numbered
by the generator - one whose trailing number is not in the text it comes from - is listed
below with why; any other fails the test.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

import pytest
import yaml

from openapi_sdkgen.model import ir
from openapi_sdkgen.pipeline import build
from test_corpus import CORPUS, MANIFEST

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"$SDKGEN_CORPUS names {CORPUS}, which is absent")

_POSITION = "a member of an untitled inline union, named by its place in the union (DESIGN section 4)"
_REFINED = "two allOf members declare this property, each with an inline schema; the second keeps its own type"
NUMBERED: Dict[str, Dict[str, str]] = {
    "box": {
        "File2": "the component `File` meets the SDK's own upload type `File`, which every SDK keeps (a warning says so)",
        "PutRetentionPoliciesIdDispositionAction1": _POSITION,
        "MetadataTemplateFieldsOptions2": _REFINED,
        "SignRequestSignerInputValidation2": _REFINED,
    },
    "meilisearch": {"HitsInfo1": _POSITION, "HitsInfo2": _POSITION, "RankingRuleView7": _POSITION, "RankingRuleView8": _POSITION},
    "apideck-crm": {
        "List2": "the component `List` meets `typing.List`, which the models import (a warning says so)",
        "CustomFieldValue5": _POSITION,
        "UnauthorizedResponseDetail2": _POSITION,
    },
    **{spec: {"CustomFieldValue5": _POSITION, "UnauthorizedResponseDetail2": _POSITION} for spec in ("apideck-hris", "apideck-accounting")},
    "apideck-file-storage": {"UnauthorizedResponseDetail2": _POSITION},
    "digitalocean": {
        "AppAutoscalingSpecServiceMetrics2": _REFINED,
        **{f"{union}{i}": _POSITION for union in ("ChatCompletionRequestToolChoice", "CreateResponseRequestToolChoice") for i in (1, 2)},
        "CreateResponseRequestInput2": _POSITION,
        "MessagesToolChoiceParam2": _POSITION,
    },
}

_VERSION = re.compile(r"^(v\d+(\.\d+)*|\d{4}-\d{2}-\d{2})$", re.IGNORECASE)
_EXTENSION = re.compile(r"\.([A-Za-z]{2,4})$")
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")
_HEX = re.compile(r"^(?=.*\d)(?=.*[a-f])[0-9a-f]{8,}$", re.IGNORECASE)


def _spec(entry: Dict[str, object]) -> Tuple[Path, Dict[str, object]]:
    path = CORPUS / str(entry["file"])
    text = path.read_text(encoding="utf-8")
    return path, yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _words(name: str) -> List[str]:
    return [w.lower() for part in re.split(r"[^A-Za-z0-9]+", name) for w in _WORD.findall(part)]


def _vendor_words(api: ir.Api, versions: Set[str]) -> Set[Tuple[str, str]]:
    """(word, version) pairs the spec's own names write as one name - DigitalOcean's
    `repositoriesV2`, `repository_v2` - unlike a version that is a segment of its own (`/v2/`,
    Twilio's `api.v2010.`)."""
    names = [op.operation_id or "" for op in api.operations]
    names += [d.pointer.split("/")[3] for d in api.definitions if d.pointer and d.pointer.startswith("#/components/schemas/")]
    pairs: Set[Tuple[str, str]] = set()
    for segment in (segment for name in names for segment in re.split(r"[./]", name) if not _VERSION.match(segment)):
        words = _words(segment)
        pairs.update((a, b) for a, b in zip(words, words[1:]) if b in versions)
    return pairs


def _version_in(words: List[str], versions: Set[str], vendor: Set[Tuple[str, str]]) -> bool:
    return any(w in versions and (i == 0 or (words[i - 1], w) not in vendor) for i, w in enumerate(words))


def _looks_like_an_id(name: str) -> bool:
    """A hexadecimal run, or a piece with a digit that camel-case splits into 1-2 letter fragments."""
    for part in re.split(r"[._]", name):
        pieces = _WORD.findall(part)
        if _HEX.search(part) or (any(c.isdigit() for c in part) and sum(1 for p in pieces if p.isalpha() and len(p) <= 2) >= 3):
            return True
    return False


def _generated_names(api: ir.Api) -> Iterator[Tuple[str, str, str]]:
    """(kind, name, source text) of each name the generator made: resources, methods, classes."""
    for resource in api.root.walk():
        for segment in resource.path:
            yield "resource", resource.attr_name, segment
        for op in resource.operations:
            yield "method", ".".join((*op.group, op.py_name)), op.operation_id or op.path
    for definition in api.definitions:
        # a class without a pointer is made from a security scheme's name (`SchemeOAuth2`)
        yield "class", definition.name, definition.pointer.rsplit("/", 1)[-1] if definition.pointer else definition.name


def _forbidden_words(document: Dict[str, object]) -> Tuple[Set[str], Set[str]]:
    """The version segments of the spec's paths and schema keys, and its paths' file extensions."""
    versions: Set[str] = set()
    extensions: Set[str] = set()
    schemas = ((document.get("components") or {}).get("schemas") or {})  # type: ignore[union-attr]
    for path in document.get("paths") or {}:  # type: ignore[union-attr]
        for segment in str(path).split("?")[0].split("/"):
            if _VERSION.match(segment):
                versions.add(segment.lower())
            found = _EXTENSION.search(segment)
            if found and "{" not in segment[found.start():]:
                extensions.add(found.group(1).lower())
    for key in schemas:
        versions.update(part.lower() for part in str(key).split(".")[:-1] if _VERSION.match(part))
    return versions, extensions


@pytest.mark.parametrize("entry", [pytest.param(e, id=str(e["name"])) for e in MANIFEST])
def test_names_carry_no_version_extension_or_identifier_and_numbered_ones_are_listed(entry: Dict[str, object]) -> None:
    path, document = _spec(entry)
    api, _ = build(path, None, lenient=True)
    versions, extensions = _forbidden_words(document)
    version_words = {v for v in versions if not v[:1].isdigit()}
    vendor = _vendor_words(api, version_words)
    dates = {re.sub(r"[^0-9]", "", v) for v in versions if v[:1].isdigit()}
    bad: List[str] = []
    numbered: Set[str] = set()
    for kind, name, source in _generated_names(api):
        words = _words(name)
        if _version_in(words, version_words, vendor) or any(d in re.sub(r"[^0-9]", "", name) for d in dates):
            bad.append(f"{kind} {name}: a version segment")
        if kind != "class" and any(w in extensions for w in words) and not any(w in extensions for w in _words(source)):
            bad.append(f"{kind} {name}: a file extension")
        if _looks_like_an_id(name):
            bad.append(f"{kind} {name}: an identifier from the spec")
        number = re.search(r"(\d+)$", name)
        if kind == "class" and number and not source.endswith(number.group(1)):
            numbered.add(name)
    assert bad == []
    assert sorted(numbered) == sorted(NUMBERED.get(str(entry["name"]), {}))
