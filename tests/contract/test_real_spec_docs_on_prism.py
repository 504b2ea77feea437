"""The documented examples of the real specs' SDKs, sent to Prism serving each spec.

Prism checks every request against its spec and says what it finds wrong in an
`sl-violations` header (or a 422 answer). The values in the examples come from the
spec's examples when they fit their schema, else they are made to fit (pattern, format,
length and range limits, enums: docs/fitting.py): no example may be rejected for a
value. The specs are those of ../shared/specs (the two full ones under `fullspec`) and
vendors' specs of the corpus (tests/corpus).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, List

import httpx
import pytest

from contract.docs_on_prism import MARK
from contract.prism import PrismServer, PrismUnavailable, prism_executable
from openapi_sdkgen import pipeline
from openapi_sdkgen.spec.bundle import bundle
from openapi_sdkgen.spec.load import load_document

SHARED_SPECS = Path(__file__).resolve().parents[3] / "shared" / "specs"
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "specs"
RUNNER = Path(__file__).resolve().parent / "docs_on_prism.py"
PRISM_KEY = "sk-prism-0123456789"
# What the small real specs do not have: values that only a pattern, a format or a range
# admits, and a spec example that breaks its own schema (it must not be used).
CONSTRAINED = """
openapi: 3.1.0
info: {title: Constrained, version: "1"}
servers: [{url: "https://api.constrained.example/v1"}]
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
paths:
  /Accounts/{AccountSid}/Calls/{CallId}:
    post:
      operationId: createCall
      parameters:
        - {name: AccountSid, in: path, required: true, schema: {type: string, pattern: "^AC[0-9a-fA-F]{32}$", minLength: 34, maxLength: 34}}
        - {name: CallId, in: path, required: true, schema: {type: string, format: uuid}}
        - {name: guild_id, in: query, required: true, schema: {type: string, pattern: "^(0|[1-9][0-9]{16,19})$"}}
        - {name: limit, in: query, required: true, schema: {type: integer, minimum: 200, maximum: 1000, multipleOf: 50}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [to, callback, code, ratio, when, kind]
              properties:
                to: {type: string, format: email}
                callback: {type: string, format: uri}
                code: {type: string, minLength: 2, maxLength: 4, example: "TOO-LONG-FOR-ITS-SCHEMA"}
                ratio: {type: number, exclusiveMinimum: 0, maximum: 0.5}
                when: {type: string, format: date-time}
                kind: {type: string, enum: [inbound, outbound]}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {sid: {type: string}}}
"""

SPECS = [
    "constrained",
    "openai-subset.yaml",
    "orq-subset.yaml",
    "r9s-relay.yaml",
    pytest.param("openai-full.yaml", marks=pytest.mark.fullspec),
    pytest.param("orq-full.yaml", marks=pytest.mark.fullspec),
]
# Specs of the corpus whose every example Prism can answer. Not these: tictactoe and
# ory-kratos name no server; petstore-3.1's operations declare only error answers;
# security-3.1 uses OAuth2 client credentials (a token from another host) and mutualTLS,
# which Prism does not check; parameters-style-3.1's operations declare no answer at all
# (Prism answers 500, which the SDK retries for a minute).
CORPUS_SPECS = [
    "train-travel.json", "museum.yaml", "uspto.yaml", "file-uploads.json", "readme.json", "resend.yaml",
    "spotify.yml", "sendgrid-mail-v3.yaml", "apideck-crm.yml", "twilio-messaging-v1.json",
]  # fmt: skip


def run_on_prism(spec: Path, workdir: Path) -> List[Dict[str, Any]]:
    """One result per python block of the SDK's docs (see docs_on_prism.py)."""
    out = workdir / "sdk"
    result = pipeline.generate(spec, out, None, lenient=True)
    document = load_document(spec)
    bundle(document, lenient=True)  # a spec across files is served as one document
    document.data = _without_extensions(document.data)  # which may still refer to other files
    server = PrismServer(workdir / "prism", SimpleNamespace(document=document.data))  # type: ignore[arg-type]
    server.workdir.mkdir()
    server.start()
    try:
        run = workdir / "run"
        run.mkdir()
        env = {**os.environ, f"{result.api.config.env_prefix}_API_KEY": PRISM_KEY}
        # each scheme's own variable, for the examples of operations that name another scheme
        # (OpenAI's admin operations: OPENAI_ADMIN_API_KEY_AUTH)
        env.update({f"{result.api.config.env_prefix}_{s.field.upper()}": PRISM_KEY for s in result.api.auth.schemes if s.takes_token and s.field})
        # and a username and password for HTTP Basic (Twilio's, the museum's)
        for stem in (f"{result.api.config.env_prefix}{'_' + s.field.upper() if s.field else ''}" for s in result.api.auth.schemes if s.kind == "basic"):
            env.update({f"{stem}_USERNAME": "prism", f"{stem}_PASSWORD": PRISM_KEY})
        env.pop(f"{result.api.config.env_prefix}_SERVER_URL", None)
        done = subprocess.run([sys.executable, str(RUNNER), str(out), server.url, result.api.server_url], cwd=run, env=env,
                              capture_output=True, text=True, timeout=1800)
        assert done.returncode == 0, done.stderr[-4000:]
        return [json.loads(line[len(MARK):]) for line in done.stdout.splitlines() if line.startswith(MARK)]
    finally:
        server.stop()


_FORM_ARRAY = (
    "an array in a form body without an `encoding` entry (Twilio's MessageSamples, UseCaseCategories): Prism 5.16 "
    "takes no form of it (repeated keys as OpenAPI's default style sends, commas, brackets: each 'must be array')"
)
def _without_extensions(node: Any) -> Any:
    """The document without the `x-` extensions that refer to other files (DigitalOcean's
    `x-codeSamples`): the bundle keeps extensions as written, and Prism would follow them."""
    if isinstance(node, dict):
        return {k: _without_extensions(v) for k, v in node.items() if not (str(k).startswith("x-") and _refers_out(v))}
    return [_without_extensions(v) for v in node] if isinstance(node, list) else node


def _refers_out(node: Any) -> bool:
    if isinstance(node, dict):
        ref = node.get("$ref")
        return (isinstance(ref, str) and not ref.startswith("#")) or any(_refers_out(v) for v in node.values())
    return any(_refers_out(v) for v in node) if isinstance(node, list) else False


# Rejections of requests that no example value causes, each with its cause; anything else fails.
NOT_A_VALUE = {
    ("r9s-relay.yaml", "NO_PATH_MATCHED_ERROR", "/nextrouter/proxy/"):
        "a path parameter holding '/' (the spec's own example 'chat/completions'): the SDK sends it as %2F, "
        "and Prism decodes it before routing",
    ("r9s-relay.yaml", "NOT_ACCEPTABLE", "/audio/speech"):
        "the SDK asks for application/json where the operation answers with audio: response handling, not a value",
    ("openai-full.yaml", "NOT_ACCEPTABLE", "/realtime/calls"):
        "the SDK asks for application/json where the operation answers with SDP text: response handling, not a value",
    ("orq-full.yaml", "type", "/v2/router/audio/transcriptions"):
        "a multipart array part: Prism reads multipart parts as text (see contract/prism.py)",
    **{("twilio-messaging-v1.json", "UNPROCESSABLE_ENTITY", path): _FORM_ARRAY for path in (
        "/v1/Services/MG22b5F98D6D1CF5dEcAbBeA810beacdA5/Compliance/Usa2p", "/v1/Tollfree/Verifications")},
}
# Request values the examples do not get right yet, because the IR does not model what
# constrains them: an object's `minProperties`, and a oneOf whose members the example fits
# both or neither of. Listed, so any other rejection fails, and so that fixing one shows here.
NOT_MODELLED = {
    ("orq-full.yaml", "UNPROCESSABLE_ENTITY", "/v2/knowledge/"): "a oneOf whose members the example fits both or neither of",
    ("orq-full.yaml", "UNPROCESSABLE_ENTITY", "/v2/notifiers/"): "minProperties: 1 on a body of optional fields",
}
# Examples Prism accepted but whose answer the SDK cannot read, for a reason of Prism's.
PRISM_ANSWERS = {
    ("openai-full.yaml", "POST /audio/speech", "Only Transfer-Encoding: chunked is supported"):
        "Prism's answer with a binary (audio) body is not valid HTTP/1.1 for httpx",
}
_PRISM_ERROR = re.compile(r"^(\w+) (\S+): (\d{3}) .*prism/errors#(\w+)")


def value_caused(name: str, rejection: str) -> bool:
    """Whether Prism's rejection is about a value the example sent: not about the response
    (Prism answers with the spec's own examples, which some specs get wrong), and not one
    of NOT_A_VALUE or NOT_MODELLED."""
    if ": sl-violations " in rejection:
        listed = rejection.split(": sl-violations ", 1)[1].removeprefix("Too many violations! ")
        try:
            violations = json.loads(listed)
        except ValueError:  # cut short by Prism: read what it says of requests
            violations = [{"location": ["request"], "code": code} for code in re.findall(r'"location":\["request"[^]]*\],"severity":"\w+","code":"(\w+)"', listed)]
        request = [v for v in violations if v.get("location", ["request"])[0] == "request"]
        if not request:
            return False
        kinds = {str(v.get("code")) for v in request}
        path = rejection.split(" ", 2)[1].rstrip(":")
        return not any(spec == name and kind in kinds and path.startswith(prefix) for spec, kind, prefix in {**NOT_A_VALUE, **NOT_MODELLED})
    match = _PRISM_ERROR.match(rejection)
    if match is None:
        return True
    _, path, _, kind = match.groups()
    return not any(spec == name and kind == k and path.startswith(prefix) for spec, k, prefix in {**NOT_A_VALUE, **NOT_MODELLED})


def prism_answer(name: str, result: Dict[str, Any]) -> bool:
    """Whether an example failed on an answer of Prism's listed in PRISM_ANSWERS."""
    return any(spec == name and sent in result["sent"] and text in result["error"] for spec, sent, text in PRISM_ANSWERS)


@pytest.mark.parametrize("name", SPECS + CORPUS_SPECS)
def test_docs_examples_pass_prism(name: str, tmp_path: Path) -> None:
    spec = CORPUS / name if name in CORPUS_SPECS else SHARED_SPECS / name
    if name == "constrained":
        spec = tmp_path / "constrained.yaml"
        spec.write_text(CONSTRAINED, encoding="utf-8")
    if not spec.is_file():
        pytest.skip(f"{spec} is absent: the real-world specs live beside the repository, the corpus in tests/corpus")
    try:
        prism_executable()
    except PrismUnavailable as exc:
        pytest.skip(str(exc))
    results = run_on_prism(spec, tmp_path)
    assert len(results) >= 3
    silent = [r["place"] for r in results if not r["sent"]]
    assert not silent, f"examples that sent no request: {silent} ({[r['error'] for r in results if not r['sent']]})"
    rejected = [f"{r['place']}: {v}" for r in results for v in r["violations"] if value_caused(name, v)]
    assert not rejected, "Prism rejected documented examples:\n" + "\n".join(rejected[:30])
    # An answer the SDK cannot parse (ResponseValidationError) is response handling (issues 19, 20),
    # not a value the example sent: it does not count here.
    failed = [f"{r['place']}: {r['error']}" for r in results
              if r["error"] and not r["violations"] and not prism_answer(name, r) and not r["error"].startswith("ResponseValidationError")]
    assert not failed, "documented examples that Prism accepted but that failed:\n" + "\n".join(failed[:30])
