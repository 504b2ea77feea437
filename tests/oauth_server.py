"""An OAuth2 token endpoint and an API that checks its tokens, on 127.0.0.1 (run as a script).

`python oauth_server.py` prints its port and serves until stopped:

- `POST /token`: client credentials (form body) -> `{"access_token": "tok-N", ...}`; it answers
  after a short pause, so concurrent callers overlap the fetch. Client id `short-lived` gets
  tokens with `expires_in: 0`.
- `GET /client-credentials` (the API): 200 when `Authorization: Bearer <a valid token>`, else 401.
- `POST /revoke`: every token issued so far becomes invalid (the API answers 401 to them).
- `GET /stats`: `{"tokens": <tokens issued>, "calls": <API calls>, "unauthorized": <401s>}`.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

_lock = threading.Lock()
_state = {"tokens": 0, "calls": 0, "unauthorized": 0}
_valid: set = set()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _json(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        if self.path == "/token":
            if form.get("grant_type") != ["client_credentials"] or form.get("client_secret") != ["secret"]:
                self._json(401, {"error": "invalid_client"})
                return
            time.sleep(0.3)  # concurrent callers arrive while the fetch is under way
            with _lock:
                _state["tokens"] += 1
                token = f"tok-{_state['tokens']}"
                _valid.add(token)
            lifetime = 0 if form.get("client_id") == ["short-lived"] else 3600
            self._json(200, {"access_token": token, "token_type": "bearer", "expires_in": lifetime})
        elif self.path == "/revoke":
            with _lock:
                _valid.clear()
            self._json(200, {})
        else:
            self._json(404, {})

    def do_GET(self) -> None:
        if self.path == "/stats":
            with _lock:
                self._json(200, dict(_state))
            return
        if self.path == "/client-credentials":
            auth = self.headers.get("Authorization", "")
            with _lock:
                _state["calls"] += 1
                ok = auth.startswith("Bearer ") and auth[7:] in _valid
                if not ok:
                    _state["unauthorized"] += 1
            self._json(200 if ok else 401, {"ok": ok} if ok else {"message": "invalid token"})
            return
        self._json(404, {})


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
