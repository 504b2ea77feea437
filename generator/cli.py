"""The `sdkgen` command line: generate, check, docs, validate, diff."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional, Sequence

from openapi_sdkgen import __version__
from openapi_sdkgen.diagnostics import Diagnostic, FormatError, GeneratorError
from openapi_sdkgen.speed.heap import uncollected_at_exit

if TYPE_CHECKING:
    from openapi_sdkgen.output.edits import Edits


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sdkgen", description="Generate a typed Python SDK and its reference docs from an OpenAPI document.")
    parser.add_argument("--version", action="version", version=f"sdkgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, text in (
        ("generate", "write the SDK package and its docs into DIR"),
        ("check", "exit 1 and list the files that regenerating DIR would change"),
    ):
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument("spec", type=Path, help="the OpenAPI document (YAML or JSON)")
        sub.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the output directory (created if missing)")
        _config_argument(sub)
        _lenient_argument(sub)
        if name == "generate":
            sub.add_argument("--force", action="store_true", help="replace files in DIR that sdkgen did not write (by default it refuses and names them)")
    validate = commands.add_parser("validate", help="report every error in the spec with its JSON pointer", description="report every error in the spec with its file, line and JSON pointer")
    validate.add_argument("spec", type=Path, help="the OpenAPI document (YAML or JSON)")
    _lenient_argument(validate)
    docs = commands.add_parser("docs", help="build the reference docs as a static site (MkDocs + Material) into DIR",
                               description="build the reference docs as a static site into DIR: navigation by resource, search, "
                               "the nested views as expandable sections; needs the [site] extra")
    docs.add_argument("spec", type=Path, help="the OpenAPI document (YAML or JSON)")
    docs.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the site's directory (replaced when sdkgen built it)")
    _config_argument(docs)
    _lenient_argument(docs)
    diff = commands.add_parser("diff", help="report what changed in the SDK between two specs, and the version bump", description="print a markdown report of the SDK changes from OLD_SPEC to NEW_SPEC, marking breaking ones")
    diff.add_argument("old_spec", type=Path, metavar="OLD_SPEC", help="the spec the current SDK was generated from")
    diff.add_argument("new_spec", type=Path, metavar="NEW_SPEC", help="the spec to compare it with")
    _config_argument(diff)
    diff.add_argument("--fail-on-breaking", action="store_true", help="exit 1 when a change breaks existing callers")
    _lenient_argument(diff)
    commands.add_parser("config", help="list the keys of the generation config (sdk.yaml)", description="print every key of the generation config with its meaning and default, as a markdown table")
    return parser


def _config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, metavar="FILE", help="the generation config (sdk.yaml; `sdkgen config` lists its keys); without it every setting comes from the spec's title")


def _lenient_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lenient", action="store_true", help="report known-harmless spec errors as warnings, say what was done about each, and go on")
    parser.add_argument("--overlay", action="append", type=Path, default=[], metavar="FILE", help="an OpenAPI Overlay 1.0 document to apply to the spec before validation (repeatable; applied in order, after the config's `overlays`)")


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    uncollected_at_exit()
    from openapi_sdkgen.spec.validate import worker_prestarted  # after parsing: `--help` stays fast

    try:
        with worker_prestarted():  # importing the validator overlaps everything until the spec is loaded
            return _run(args)
    except GeneratorError as exc:
        _report(exc.diagnostics)
        print(f"sdkgen: {args.command} found {len(exc.diagnostics)} error(s); {_outcome(args.command)}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file that cannot be read or written, a full disk
        print(f"sdkgen: {args.command} failed: {exc}; {_outcome(args.command)}", file=sys.stderr)
        return 1
    except FormatError as exc:
        print(f"sdkgen: internal error: {exc}", file=sys.stderr)
        return 2
    except RecursionError:  # a last resort: the stages bound their own depth (load.MAX_DEPTH)
        print(f"sdkgen: {args.command} failed: the spec's schemas nest or refer to each other too deeply to process; {_outcome(args.command)}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from openapi_sdkgen import pipeline  # keeps `sdkgen --help` fast

    if args.command == "config":
        from openapi_sdkgen.config import describe_keys

        print(describe_keys(), end="")
        return 0
    if args.command == "validate":
        _, warnings = pipeline.build(args.spec, None, args.lenient, args.overlay)
        _report(warnings)
        print(f"{args.spec}: valid ({_count(warnings)} warning(s))")
        return 0
    if args.command == "diff":
        found, report, warnings = pipeline.diff(args.old_spec, args.new_spec, args.config, args.lenient, args.overlay)
        _report(warnings)
        print(report, end="")
        return 1 if args.fail_on_breaking and any(change.breaking for change in found) else 0
    if args.command == "docs":
        api, warnings = pipeline.site(args.spec, args.output, args.config, args.lenient)
        _report(warnings)
        print(f"built the site of {len(api.operations)} operations into {args.output} ({_count(warnings)} warning(s)); open {args.output / 'index.html'}")
        return 0
    if args.command == "check":
        result, changes = pipeline.check(args.spec, args.output, args.config, args.lenient, args.overlay)
        _report_edits(result.edits)
        if changes:
            print(f"{args.output} is out of date; regenerating would change {len(changes)} file(s):")
            for path in changes:
                print(f"  {path}")
            return 1
        print(f"{args.output} is up to date ({len(result.files)} files)")
        return 0
    result = pipeline.generate(args.spec, args.output, args.config, args.lenient, force=args.force, overlays=args.overlay)
    _report(result.diagnostics)
    if result.history.report:
        print(result.history.report, end="")
    _report_edits(result.edits)
    ops = len(result.api.operations)
    print(f"wrote {len(result.files)} files to {args.output}: {ops} operations, {len(result.api.definitions)} models, {_count(result.diagnostics)} warning(s)")
    if result.edits.conflicts:
        print(f"sdkgen: generate left conflict markers in {len(result.edits.conflicts)} file(s) where your edits and the new output differ; resolve them and regenerate", file=sys.stderr)
        return 1
    return 0


def _report_edits(edits: "Edits") -> None:
    """What became of the user's edits to generated files."""
    for heading, paths in (
        ("kept your edits in", edits.kept),
        ("CONFLICT: your edits and the new output differ in", edits.conflicts),
        ("kept as yours, no longer generated:", edits.orphans),
    ):
        for path in paths:
            print(f"{heading} {path}")


def _outcome(command: str) -> str:
    return {"validate": "the spec is invalid", "diff": "no report"}.get(command, "nothing was written")


def _count(diagnostics: Sequence[Diagnostic]) -> int:
    return sum(d.severity == "warning" for d in diagnostics)


def _report(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def run(argv: List[str]) -> int:
    return main(argv)
