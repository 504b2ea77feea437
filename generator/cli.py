"""The `sdkgen` command line: generate, check, validate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional, Sequence

from . import __version__
from .diagnostics import Diagnostic, GeneratorError
from .format import FormatError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sdkgen", description="Generate a typed Python SDK and reference docs from an OpenAPI document.")
    parser.add_argument("--version", action="version", version=f"sdkgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("generate", "write the SDK package and its docs into DIR"),
        ("check", "exit 1 and list the files that regenerating DIR would change"),
    ):
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument("spec", type=Path, help="the OpenAPI document (YAML or JSON)")
        sub.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="output directory")
        sub.add_argument("--config", type=Path, help="generation config (sdk.yaml); defaults come from the spec")
        sub.add_argument("--lenient", action="store_true", help="report known-harmless spec errors as warnings")
    validate = commands.add_parser("validate", help="report every error in the spec with its JSON pointer")
    validate.add_argument("spec", type=Path)
    validate.add_argument("--lenient", action="store_true", help="report known-harmless spec errors as warnings")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except GeneratorError as exc:
        _report(exc.diagnostics)
        outcome = "the spec is invalid" if args.command == "validate" else "nothing was written"
        print(f"sdkgen: {args.command} found {len(exc.diagnostics)} error(s); {outcome}", file=sys.stderr)
        return 1
    except FormatError as exc:
        print(f"sdkgen: internal error: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from . import pipeline  # keeps `sdkgen --help` fast

    if args.command == "validate":
        _, warnings = pipeline.build(args.spec, None, args.lenient)
        _report(warnings)
        print(f"{args.spec}: valid ({_count(warnings)} warning(s))")
        return 0
    if args.command == "check":
        result, changes = pipeline.check(args.spec, args.output, args.config, args.lenient)
        if changes:
            print(f"{args.output} is out of date; regenerating would change {len(changes)} file(s):")
            for path in changes:
                print(f"  {path}")
            return 1
        print(f"{args.output} is up to date ({len(result.files)} files)")
        return 0
    result = pipeline.generate(args.spec, args.output, args.config, args.lenient)
    _report(result.diagnostics)
    ops = len(result.api.operations)
    print(f"wrote {len(result.files)} files to {args.output}: {ops} operations, {len(result.api.definitions)} models, {_count(result.diagnostics)} warning(s)")
    return 0


def _count(diagnostics: Sequence[Diagnostic]) -> int:
    return sum(d.severity == "warning" for d in diagnostics)


def _report(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def run(argv: List[str]) -> int:
    return main(argv)
