"""Runs SDK calls against an in-process mock transport and prints the requests they send.

Run with the Python of the SDK under test (the official SDKs live in their own venv):

    python driver.py < calls.json > requests.json

Input: {"package": "r9s", "client": "R9S", "calls": [{"id": ..., "resource": "images",
"method": "create", "kwargs": {...}}]}; a value {"$file": {"name", "base64", "content_type"}}
becomes a file argument. Output, per call: the requests sent (method, URL, headers, body as
base64) and the error the call raised, if any (answers are `{}` with status 200, which a
typed result may reject after the request went out: such errors are reported, not fatal).
"""

import base64
import importlib
import json
import sys
from typing import Any, Dict, List

import httpx


def _arguments(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$file"}:
            spec = value["$file"]
            return {"file_name": spec["name"], "content": base64.b64decode(spec["base64"]), "content_type": spec.get("content_type")}
        return {key: _arguments(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_arguments(item) for item in value]
    return value


def main() -> None:
    job = json.load(sys.stdin)
    package = importlib.import_module(job["package"])
    sent: List[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        request.read()
        sent.append(request)
        return httpx.Response(200, json={}, headers={"content-type": "application/json"})

    results: List[Dict[str, Any]] = []
    with getattr(package, job["client"])(api_key="wire-test-key", client=httpx.Client(transport=httpx.MockTransport(answer))) as client:
        for call in job["calls"]:
            del sent[:]
            target = client
            for name in filter(None, call["resource"].split(".")):
                target = getattr(target, name)
            error = None
            try:
                result = getattr(target, call["method"])(**_arguments(call["kwargs"]))
                if hasattr(result, "close"):
                    result.close()
            except Exception as exc:  # the outcome is part of the record
                error = f"{type(exc).__name__}: {str(exc)[:300]}"
            requests = [
                {
                    "method": r.method,
                    "url": str(r.url),
                    "headers": [[k.decode("latin-1").lower(), v.decode("latin-1")] for k, v in r.headers.raw],
                    "body": base64.b64encode(r.content).decode("ascii"),
                }
                for r in sent
            ]
            results.append({"id": call["id"], "requests": requests, "error": error})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
