"""The labelling page's server: the standard library's threading HTTP server, on 127.0.0.1 only.

Every request must carry the session's random token (``?token=`` or an ``X-Token`` header), or it
gets 403.  ``GET /`` is the page (:mod:`govtext.label_page`, one self-contained document);
``GET /api/state`` the progress and the current sentence with the model's top-3 scores and the
terms behind its guess; ``POST /api/decide`` (``{"item": 3, "label": "项目争速"}``, or
``{"item": 3, "skip": true}``) and ``POST /api/undo`` change the session and return the new state.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from . import messages
from .label_page import page
from .labelling import LabellingSession, Progress

HOST = "127.0.0.1"
MAX_BODY = 64 * 1024
# (sentence) -> [(label, score), ...] best first, and the terms toward the best label.
Scorer = Callable[[str], tuple[list[tuple[str, float]], list[str]]]


class _Server(ThreadingHTTPServer):
    request_queue_size = 64  # a burst of requests (keys pressed quickly, several tabs) is queued, not reset


@dataclass
class LabelServer:
    """Serves *session* on 127.0.0.1:*port* (0: a free port); ``url`` carries the token."""

    session: LabellingSession
    scorer: Scorer
    port: int = 0

    def __post_init__(self) -> None:
        self.token = secrets.token_urlsafe(24)
        self._cache: dict[int, dict[str, Any]] = {}
        self._cache_lock = threading.Lock()
        handler = _handler_for(self)
        self.httpd = _Server((HOST, self.port), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/?token={self.token}"

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> threading.Thread:
        """Serve in a background thread (for tests and notebooks); :meth:`stop` ends it."""
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- the API's answers ------------------------------------------------------------------------
    def state(self, progress: Progress | None = None) -> dict[str, Any]:
        progress = progress or self.session.progress()
        current = None
        if progress.current is not None:
            current = {"item": progress.current, **self._scored(progress.current)}
        return {
            "labels": list(self.session.labels),
            "scheme": self.session.scheme,
            "output": str(self.session.output),
            "done": progress.done,
            "total": progress.total,
            "labelled": sum(label is not None for _, label in progress.decisions),
            "skipped": sum(label is None for _, label in progress.decisions),
            "current": current,
        }

    def _scored(self, number: int) -> dict[str, Any]:
        with self._cache_lock:
            cached = self._cache.get(number)
        if cached is None:
            item = self.session.items[number]
            top, terms = self.scorer(item.text)
            cached = {
                "text": item.text,
                "source": item.source,
                "before": list(item.before),
                "after": list(item.after),
                "guess": top[0][0],
                "top": [[label, round(score, 4)] for label, score in top[:3]],
                "terms": terms,
            }
            with self._cache_lock:
                self._cache[number] = cached
        return cached


def _handler_for(server: LabelServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "govtext-label"
        sys_version = ""

        def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal shows one line
            pass

        def _authorised(self) -> bool:
            query = parse_qs(urlsplit(self.path).query)
            given = self.headers.get("X-Token") or (query.get("token") or [""])[0]
            if secrets.compare_digest(given.encode(), server.token.encode()):
                return True
            self._send(HTTPStatus.FORBIDDEN, {"error": messages.wrong_token()})
            return False

        def _send(self, status: HTTPStatus, body: dict[str, Any] | str, kind: str = "application/json") -> None:
            data = (body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            if kind == "text/html":
                self.send_header(
                    "Content-Security-Policy",
                    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
                )
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if not self._authorised():
                return
            route = urlsplit(self.path).path
            if route == "/":
                self._send(HTTPStatus.OK, page(), "text/html")
            elif route == "/api/state":
                self._send(HTTPStatus.OK, server.state())
            else:
                self._send(HTTPStatus.NOT_FOUND, {"error": messages.no_such_route()})

        def do_POST(self) -> None:
            if not self._authorised():
                return
            route = urlsplit(self.path).path
            try:
                body = self._body()
                if route == "/api/decide":
                    skip = body.get("skip") is True
                    label = None if skip else body.get("label")
                    if not skip and not isinstance(label, str):
                        raise ValueError(messages.decision_without_label())
                    progress = server.session.decide(body.get("item"), label)  # type: ignore[arg-type]
                elif route == "/api/undo":
                    progress = server.session.undo()
                else:
                    self._send(HTTPStatus.NOT_FOUND, {"error": messages.no_such_route()})
                    return
            except ValueError as error:
                self._send(HTTPStatus.BAD_REQUEST, {"error": str(error)})
                return
            except OSError as error:
                self._send(
                    HTTPStatus.INTERNAL_SERVER_ERROR, {"error": messages.cannot_save(error.strerror or str(error))}
                )
                return
            self._send(HTTPStatus.OK, server.state(progress))

        def _body(self) -> dict[str, Any]:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                raise ValueError(messages.bad_content_length()) from None
            if not 0 <= length <= MAX_BODY:
                raise ValueError(messages.request_too_large())
            raw = self.rfile.read(length) if length else b"{}"
            try:
                body = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise ValueError(messages.body_not_json_object()) from None
            if not isinstance(body, dict):
                raise ValueError(messages.body_not_json_object())
            return body

    return Handler


def model_scorer(model: Any, *, terms: int = 5) -> Scorer:
    """A :data:`Scorer` from a model: its probabilities, and (for a full Classifier) the terms of
    :meth:`~govtext.Classifier.explain` toward the best label."""
    labels = tuple(model.labels)

    def score(sentence: str) -> tuple[list[tuple[str, float]], list[str]]:
        row = model.predict_proba([sentence])[0]
        ranked = sorted(zip(labels, (float(p) for p in row), strict=True), key=lambda pair: -pair[1])
        found: list[str] = []
        if hasattr(model, "explain"):
            found = [t.term for t in model.explain(sentence, top=terms).toward_label]
        return ranked, found

    return score


__all__ = ["HOST", "LabelServer", "Scorer", "model_scorer"]
