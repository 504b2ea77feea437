"""Generator benchmark: sdkgen cold and warm, and the peers, on the same inputs in one run."""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

from .measure import Measure, RunFailed, compile_bytecode, environment, repeat, run_once
from .specs import REAL, ROOT, SCALES, one_field_change, synthetic
from .venvs import Venvs

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_OPERATIONS = re.compile(r"(\d+) operations")


@dataclass
class Case:
    name: str
    spec: Path
    config: Optional[Path]


def operations_in(spec: Path) -> Tuple[int, int]:
    """(operations an SDK should have: all but those marked `x-speakeasy-ignore`, all operations)."""
    data = yaml.load(spec.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    operations = [item[m] for item in (data.get("paths") or {}).values() if isinstance(item, dict) for m in METHODS if isinstance(item.get(m), dict)]
    return sum(1 for op in operations if op.get("x-speakeasy-ignore") is not True), len(operations)


def _sdkgen_environment(cache: Path) -> Dict[str, str]:
    """sdkgen's environment: its own cache, and the generator of this checkout, whichever
    checkout the venv's editable install points at."""
    return environment(SDKGEN_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))


class GeneratorBench:
    def __init__(self, venvs: Venvs, work: Path, runs: int) -> None:
        self.venvs = venvs
        self.work = work
        self.runs = runs
        self.sequence = 0

    def _fresh(self, label: str) -> Path:
        self.sequence += 1
        return self.work / f"{label}-{self.sequence}"

    def _sdkgen(self, spec: Path, out: Path, cache: Path, config: Optional[Path]) -> List[str]:
        command = [str(self.venvs.sdkgen), "generate", str(spec), "-o", str(out), "--lenient"]
        return command + (["--config", str(config)] if config else [])

    def sdkgen_cold(self, case: Case) -> Measure:
        def once(_: int) -> Any:
            cache, out = self._fresh("cache"), self._fresh("out")
            return run_once(self._sdkgen(case.spec, out, cache, case.config), env=_sdkgen_environment(cache), cwd=ROOT)

        return repeat(self.runs, once)

    def sdkgen_warm(self, case: Case) -> Measure:
        """Each run regenerates after one description changed since the run before."""
        cache, out = self._fresh("cache"), self._fresh("out")
        spec = self._fresh("spec").with_suffix(case.spec.suffix)
        original = case.spec.read_text(encoding="utf-8")
        spec.write_text(original, encoding="utf-8")
        env = _sdkgen_environment(cache)
        command = self._sdkgen(spec, out, cache, case.config)
        run_once(command, env=env, cwd=ROOT)

        def once(i: int) -> Any:
            spec.write_text(one_field_change(original, i + 1), encoding="utf-8")
            return run_once(command, env=env, cwd=ROOT)

        return repeat(self.runs, once)

    def openapi_python_client(self, case: Case) -> Optional[Measure]:
        tool = self.venvs.generator_tool("openapi-python-client")
        if tool is None:
            return None
        env = environment(PATH=f"{tool.parent}:{environment()['PATH']}")  # its ruff post-hooks

        def once(_: int) -> Any:
            out = self._fresh("opc")
            run = run_once([str(tool), "generate", "--path", str(case.spec), "--output-path", str(out), "--overwrite"], env=env)
            run.output = str(sum(1 for f in out.glob("*/api/**/*.py") if f.name != "__init__.py"))
            return run

        return repeat(self.runs, once)

    def datamodel_codegen(self, case: Case) -> Optional[Measure]:
        tool = self.venvs.generator_tool("datamodel-codegen")
        if tool is None:
            return None

        def once(_: int) -> Any:
            out = self._fresh("dmcg")
            out.mkdir()
            return run_once([str(tool), "--input", str(case.spec), "--input-file-type", "openapi", "--output", str(out / "models.py")], env=environment())

        return repeat(self.runs, once)

    def scaling(self, sizes: List[int]) -> List[Dict[str, Any]]:
        rows = []
        for size in sizes:
            spec = self.work / f"synthetic-{size}.yaml"
            spec.write_text(synthetic(size), encoding="utf-8")
            measure = self.sdkgen_cold(Case(f"synthetic-{size}", spec, None))
            rows.append({"operations": size, **measure.as_json(), "ms_per_operation": round(measure.seconds / size * 1e3, 3)})
        for previous, row in zip(rows, rows[1:]):
            added = row["operations"] - previous["operations"]
            row["marginal_ms_per_operation"] = round((row["median_s"] - previous["median_s"]) / added * 1e3, 3)
        return rows


def run(venvs: Venvs, runs: int, quick: bool, cases: List[str]) -> Dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="sdkgen-bench-"))
    compile_bytecode(venvs.sdkgen.parent / "python", ROOT / "generator")
    try:
        bench = GeneratorBench(venvs, work, runs)
        results: Dict[str, Any] = {"specs": {}, "scaling": []}
        for name in cases:
            case = Case(name, REAL[name], ROOT / "spec" / "sdk.yaml" if name == "router" else None)
            if not case.spec.is_file():
                results["specs"][name] = {"error": f"{case.spec} is absent"}
                continue
            results["specs"][name] = _spec_results(bench, case, quick)
        results["scaling"] = bench.scaling([SCALES[0]] if quick else list(SCALES))
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _spec_results(bench: GeneratorBench, case: Case, quick: bool) -> Dict[str, Any]:
    expected, total = operations_in(case.spec)
    entry: Dict[str, Any] = {"operations": expected, "operations_in_spec": total}
    measures = [("sdkgen_cold", bench.sdkgen_cold), ("sdkgen_warm", bench.sdkgen_warm)]
    if not quick:
        measures += [("openapi_python_client", bench.openapi_python_client), ("datamodel_codegen", bench.datamodel_codegen)]
    for key, method in measures:
        try:
            measure = method(case)
        except RunFailed as exc:
            entry[key] = {"error": str(exc)[-500:]}
            continue
        if measure is None:
            continue
        entry[key] = measure.as_json()
        if key == "sdkgen_cold":
            found = _OPERATIONS.search(measure.output)
            entry[key]["operations"] = int(found.group(1)) if found else None
        elif key == "openapi_python_client":
            entry[key]["operations"] = int(measure.output)
    return entry
