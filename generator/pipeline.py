"""load -> validate -> resolve -> IR -> render -> format -> write."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from openapi_sdkgen.model import ir
from openapi_sdkgen.model.api import build_api
from openapi_sdkgen.config import config_overlays, load_config
from openapi_sdkgen.diagnostics import Diagnostic
from openapi_sdkgen.changes.diff import Change, compare
from openapi_sdkgen.speed.forked import Forked
from openapi_sdkgen.output.format import format_files
from openapi_sdkgen.speed.heap import LongLived, collection_paused
from openapi_sdkgen.changes.history import History, apply_history
from openapi_sdkgen.spec.bundle import bundle
from openapi_sdkgen.spec.load import load_document, recursion_room
from openapi_sdkgen.spec.overlay import apply_overlays
from openapi_sdkgen.emit.render import environment, render_sdk, render_user_files
from openapi_sdkgen.changes.report import CHANGELOG, render_report
from openapi_sdkgen.spec.resolve import Resolver, check_references
from openapi_sdkgen.changes.surface import SURFACE, Json, surface_of, surface_text
from openapi_sdkgen.spec.validate import start_validation
from openapi_sdkgen.output.edits import Edits, with_user_edits
from openapi_sdkgen.output.write import Extras, changed_files, check_output_dir, write_tree

if TYPE_CHECKING:
    import jinja2


@dataclass(frozen=True)
class Result:
    api: ir.Api
    files: Dict[str, str]
    diagnostics: Tuple[Diagnostic, ...]
    surface: Json  # the API surface the files hold (surface.py)
    history: History = History()
    once: Dict[str, str] = field(default_factory=dict)  # files written where missing, then the user's (hooks)
    edits: Edits = Edits({}, {})  # the user's edits to generated files, merged into `files`

    @property
    def extras(self) -> Extras:
        return Extras(recorded=self.edits.recorded, keep=self.edits.orphans, once=self.once)


def build(spec: Path, config_path: Optional[Path], lenient: bool = False, overlays: Sequence[Path] = ()) -> Tuple[ir.Api, List[Diagnostic]]:
    """Spec file -> validated IR, with the warnings met on the way."""
    with LongLived() as long_lived:
        api, found, validated = _build(spec, config_path, lenient, long_lived, overlays)
        return api, validated() + found


def _build(spec: Path, config_path: Optional[Path], lenient: bool, long_lived: LongLived, overlays: Sequence[Path] = ()) -> Tuple[ir.Api, List[Diagnostic], Callable[[], List[Diagnostic]]]:
    """The IR and its warnings, and the wait for the validation, which may still be running:
    call it before the output changes. The document and the IR are set aside from garbage
    collection once built (see heap.py). The config's overlays, then `overlays`, are applied
    to the document before anything looks at it."""
    with collection_paused():
        document = load_document(spec)
        bundled = bundle(document, lenient)
        overlaid = bundled + apply_overlays(document, [*config_overlays(config_path), *overlays])
    long_lived.set_aside()
    check_references(document)
    with recursion_room():
        validated = start_validation(document, lenient)
        with _validation_first(validated):
            info = document.data.get("info") if isinstance(document.data.get("info"), dict) else {}
            config = load_config(config_path, str(info.get("title") or "api"))  # type: ignore[union-attr]
            api, found = build_api(Resolver(document), config, lenient)
    long_lived.set_aside()
    return api, overlaid + found, validated


@contextmanager
def _validation_first(validated: Callable[[], List[Diagnostic]]) -> Iterator[None]:
    """A stage that fails while the validation runs reports the validation's errors, if any:
    they say what is wrong with the spec."""
    try:
        yield
    except Exception:
        validated()
        raise


def generate_files(spec: Path, config_path: Optional[Path], lenient: bool = False, overlays: Sequence[Path] = ()) -> Result:
    """Everything the output directory should hold, rendered and formatted, in memory."""
    with LongLived() as long_lived:
        return _generate_files(spec, config_path, lenient, long_lived, overlays)


def _generate_files(spec: Path, config_path: Optional[Path], lenient: bool, long_lived: LongLived, overlays: Sequence[Path] = ()) -> Result:
    result, validated = _rendered(spec, config_path, lenient, long_lived, overlays)
    return _with_validation(result, validated)


def _rendered(spec: Path, config_path: Optional[Path], lenient: bool, long_lived: LongLived, overlays: Sequence[Path] = ()) -> Tuple[Result, Callable[[], List[Diagnostic]]]:
    """The files with the warnings of building them, and the wait for the validation, which
    may still be running (see _build)."""
    api, found, validated = _build(spec, config_path, lenient, long_lived, overlays)
    with _validation_first(validated):
        env = environment()
        with _docs_rendering(api, env) as docs:
            surface = surface_of(api)
            formatted = {**format_files(render_sdk(api, env)), **docs.result(), SURFACE: surface_text(surface)}
            once = format_files(render_user_files(api, env))
    return Result(api, formatted, tuple(found), surface, once=once), validated


_FORK_DOCS_FROM = 1_000  # models and operations: a smaller API's docs render in less time than a fork costs


def _docs_rendering(api: ir.Api, env: jinja2.Environment) -> Forked[Dict[str, str]]:
    """The reference docs, rendered for a large API in a forked child (forked.py) while this
    process renders and formats the SDK's modules: a quarter of a regeneration's time."""
    return Forked(lambda: _docs(api, env), fork=len(api.definitions) + len(api.operations) >= _FORK_DOCS_FROM)


def _docs(api: ir.Api, env: jinja2.Environment) -> Dict[str, str]:
    """Reference docs in the seed format (README.md, USAGE.md, docs/), and the package's
    tests (tests/), which are built from the same examples and emitted in black's layout."""
    from openapi_sdkgen.docs.package_tests import render_package_tests  # imported where the docs are rendered: a forked child for a large API
    from openapi_sdkgen.docs.pages import render_docs

    return {**render_docs(api, env), **render_package_tests(api, env)}


def _with_validation(result: Result, validated: Callable[[], List[Diagnostic]]) -> Result:
    """`result` once the validation passed, its warnings first."""
    return replace(result, diagnostics=tuple(validated()) + result.diagnostics)


def with_history(result: Result, out: Path) -> Result:
    """The result plus the output's changelog, the changes since `out` was generated, and
    the edits made to `out`'s generated files since, merged in."""
    files, history = apply_history(result.files, result.surface, out)
    edits = with_user_edits(out, files, carried=(CHANGELOG,))
    return replace(result, files=edits.files, history=history, edits=edits)


def generate(spec: Path, out: Path, config_path: Optional[Path], lenient: bool = False, force: bool = False, overlays: Sequence[Path] = ()) -> Result:
    """Write the files into `out`: staged while the validation may still run, swapped in once it passed.
    Files in `out` that sdkgen did not write stop the run, unless `force`."""
    check_output_dir(out)
    with LongLived() as long_lived:
        rendered, validated = _rendered(spec, config_path, lenient, long_lived, overlays)
        with _validation_first(validated):
            result = with_history(rendered, out)
            write_tree(out, result.files, ready=validated, force=force, extras=result.extras)
        return _with_validation(result, validated)


def site(spec: Path, out: Path, config_path: Optional[Path], lenient: bool = False, overlays: Sequence[Path] = ()) -> Tuple[ir.Api, List[Diagnostic]]:
    """Build the static site of the reference docs into `out` (docs/site.py): the spec's
    warnings, then MkDocs' own."""
    from openapi_sdkgen.docs.pages import render_docs, resource_pages
    from openapi_sdkgen.docs.site import build_site

    api, warnings = build(spec, config_path, lenient, overlays)
    api = replace(api, config=replace(api.config, repository=""))  # the site links its own pages
    files = render_docs(api, environment())
    found = build_site(api, files, resource_pages(api), out)
    return api, warnings + [Diagnostic("warning", f"mkdocs: {message}", (), str(out)) for message in found]


def check(spec: Path, out: Path, config_path: Optional[Path], lenient: bool = False, overlays: Sequence[Path] = ()) -> Tuple[Result, List[str]]:
    check_output_dir(out)
    with LongLived() as long_lived:
        result = with_history(_generate_files(spec, config_path, lenient, long_lived, overlays), out)
        return result, changed_files(out, result.files, result.extras)


def diff(old_spec: Path, new_spec: Path, config_path: Optional[Path], lenient: bool = False, overlays: Sequence[Path] = ()) -> Tuple[List[Change], str, List[Diagnostic]]:
    """The changes from one spec's SDK to the other's, their markdown report, and the warnings met."""
    old_api, old_warnings = build(old_spec, config_path, lenient, overlays)
    new_api, new_warnings = build(new_spec, config_path, lenient, overlays)
    changes = compare(surface_of(old_api), surface_of(new_api))
    return changes, render_report(changes, old_api.config.version, f"API changes: {old_spec} -> {new_spec}"), old_warnings + new_warnings
