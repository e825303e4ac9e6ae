"""A scripted fake Ollama server on loopback, for tests that use the real `ollama` client.

A real HTTP/1.1 server (stdlib ``ThreadingHTTPServer`` in a daemon thread, random free port on
127.0.0.1) that answers like Ollama 0.12 answers the official ``ollama`` Python client 0.6.x:

    GET  /api/version   {"version": "0.12.3"}
    GET  /api/tags      {"models": [{model, name, modified_at, size, digest, details}, ...]}
    POST /api/show      model info, or 404 {"error": "model 'x' not found"}
    POST /api/chat      one JSON object (stream false) or NDJSON chunks + a done=true line
    POST /api/embed     {"model", "embeddings": [[...], ...]}, deterministic per input
    GET|HEAD /          "Ollama is running"

Unknown model on chat/embed: 404 {"error": "model \\"x\\" not found, try pulling it first"}.
A model whose name contains "embed" refuses chat with 400, as real Ollama does.

Use::

    with FakeOllama() as server:                       # or the `fake_ollama` pytest fixture
        server.reply("Hello", {"content": "", "tool_calls": [...]}, Fault.http(500, "boom"))
        client = ollama.Client(host=server.url, timeout=2)
        ...
        assert server.chat_requests()[0]["format"] == schema

What each fault raises in the real client (ollama 0.6.3, httpx 0.28) is in the docstring of
`Fault`; tests/test_fake_ollama.py proves every line of it.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

OLLAMA_VERSION = "0.12.3"
DEFAULT_PARTIAL_TEXT = "This reply was cut off before the model could finish it."
DEFAULT_GARBAGE = "<html><body><h1>502 Bad Gateway</h1></body></html>\n"
DEFAULT_GARBAGE_CONTENT = 'Sure! Here is the JSON you asked for: {"score": 3, "verdict": '
DEFAULT_STREAM_ERROR = "an error was encountered while running the model: unexpected EOF"

ReplyItem = Any  # str | dict | Fault


# --------------------------------------------------------------------------------------- faults


@dataclass(frozen=True)
class Fault:
    """A scripted failure. Build one with the class methods, never the constructor.

    Exceptions raised by the real client (ollama 0.6.3 over httpx 0.28), non-stream / stream=True
    (for a stream the call itself returns a generator; the error comes out of iterating it):

    - ``http(status, error)``: ``ollama.ResponseError`` with ``.status_code == status`` and
      ``.error == error`` in both modes (stream: on the first ``next()``).
    - ``slow(seconds)`` with a client timeout shorter than ``seconds``: ``httpx.ReadTimeout``
      (not wrapped by the client) in both modes; stream: on the first ``next()``, or, with
      ``after_chunks=n``, after n parts were yielded.
    - ``garbage()``: ``json.JSONDecodeError`` (a ``ValueError``) in both modes.
      ``garbage(in_content=True)`` raises nothing: a normal reply whose message content is not
      valid JSON (what a confused model gives under ``format=``).
    - ``cut_stream(n)``: ``httpx.RemoteProtocolError`` in both modes (stream: after n parts were
      yielded; non-stream: the body stops short of its Content-Length).
    - ``error_in_stream(n, message)``: stream: ``ollama.ResponseError`` with ``.status_code == -1``
      after n parts (an ``{"error": ...}`` line under HTTP 200); non-stream: real Ollama answers
      500 ``{"error": message}``, so ``ResponseError`` with ``.status_code == 500``.
    - ``malformed_line(n)``: ``json.JSONDecodeError`` in both modes (stream: after n parts).
    - ``looping(sentence)``: raises nothing: a well-formed reply whose content repeats
      ``sentence`` up to the request's ``num_predict`` words, done_reason "length".

    A server that accepts connections but never answers a byte: `hung_port_url()`; the client
    raises ``httpx.ReadTimeout`` after its timeout (non-stream and stream alike).

    Not a fault but the same table: nothing listening (`closed_port_url()`, or after `stop()`):
    non-stream: builtin ``ConnectionError`` ("Failed to connect to Ollama..."); stream: raw
    ``httpx.ConnectError``, on the first ``next()``. ReadTimeout, RemoteProtocolError and
    ConnectError are all ``httpx.TransportError``; so product code that catches
    ``(ollama.ResponseError, ConnectionError, httpx.TransportError, ValueError)`` catches all.
    """

    kind: str
    status: int = 500
    error: str = ""
    seconds: float = 0.0
    after_chunks: int = 0
    then: Any = None
    text: str | None = None
    raw: bool = False
    in_content: bool = False

    @classmethod
    def http(cls, status: int, error_text: str = "internal server error", *, raw: bool = False):
        """Answer ``status`` with ``{"error": error_text}`` (or ``error_text`` itself if raw)."""
        return cls("http", status=status, error=error_text, raw=raw)

    @classmethod
    def slow(cls, seconds: float, then: ReplyItem = None, *, after_chunks: int = 0):
        """Wait ``seconds`` before answering with ``then`` (default: the responder/echo reply).

        With ``after_chunks=n`` on a streamed chat, send n content chunks first, then stall.
        The wait ends early when the server stops.
        """
        return cls("slow", seconds=seconds, then=then, after_chunks=after_chunks)

    @classmethod
    def garbage(cls, body: str | None = None, *, in_content: bool = False):
        """HTTP 200 whose body is not JSON (a proxy's HTML page, say).

        ``in_content=True``: a well-formed reply whose *message content* is not valid JSON.
        """
        default = DEFAULT_GARBAGE_CONTENT if in_content else DEFAULT_GARBAGE
        return cls("garbage", text=default if body is None else body, in_content=in_content)

    @classmethod
    def cut_stream(cls, after_chunks: int = 2, text: str | None = None):
        """Send ``after_chunks`` NDJSON chunks of ``text``, then close the socket (no done=true)."""
        return cls("cut", after_chunks=after_chunks, text=text)

    @classmethod
    def error_in_stream(cls, after_chunks: int = 2, message: str = DEFAULT_STREAM_ERROR, text: str | None = None):
        """Send ``after_chunks`` chunks, then an ``{"error": message}`` line, under HTTP 200."""
        return cls("stream_error", after_chunks=after_chunks, error=message, text=text)

    @classmethod
    def looping(cls, sentence: str = "The answer is mostly right. ", prefix: str = '{"score": 3, "verdict": "'):
        """A small model stuck in a loop: ``prefix``, then ``sentence`` again and again until the
        request's ``options.num_predict`` words (2048 when the request sets no cap; real Ollama
        would go on until the context fills), ending with done_reason "length"."""
        return cls("looping", text=sentence, error=prefix)

    @classmethod
    def malformed_line(cls, after_chunks: int = 1, text: str | None = None):
        """Send ``after_chunks`` chunks, then a truncated JSON line, then end the stream."""
        return cls("malformed", after_chunks=after_chunks, text=text)


# ------------------------------------------------------------------------------------- helpers

_reserved: list[socket.socket] = []


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connecting is refused at once.

    The port stays bound (but not listening) for the life of the process, so no other program
    can start listening on it by chance.
    """
    if not _reserved:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        _reserved.append(sock)
        atexit.register(sock.close)
    return f"http://127.0.0.1:{_reserved[0].getsockname()[1]}"


_hung: list[socket.socket] = []


def hung_port_url() -> str:
    """A URL on 127.0.0.1 that accepts connections (the kernel's backlog completes them) but
    never reads or answers: an Ollama busy loading a model, or wedged. Lives for the process."""
    if not _hung:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        _hung.append(sock)
        atexit.register(sock.close)
    return f"http://127.0.0.1:{_hung[0].getsockname()[1]}"


def normalize_model(name: str) -> str:
    """Ollama's name normalisation: ``llama3.2`` means ``llama3.2:latest``."""
    name = (name or "").strip()
    if name and ":" not in name.rsplit("/", 1)[-1]:
        name += ":latest"
    return name


def split_chunks(text: str) -> list[str]:
    """Split content the way tokens arrive: one word (with its following space) per chunk."""
    return re.findall(r"\s*\S+\s*", text) or ([text] if text else [])


def embedding(text: str, dim: int = 8) -> list[float]:
    """A deterministic unit vector for ``text``: hashed bag of words, so texts that share
    words are closer (cosine) than texts that share none. Same text, same vector."""
    vec = [0.0] * dim
    words = re.findall(r"\w+", text.lower())
    for word in words or [text]:
        digest = hashlib.sha256(word.encode()).digest()
        index = int.from_bytes(digest[:4], "big") % dim
        vec[index] += 1.0 if digest[4] & 1 else -1.0
        # a small second component so a single word is not just one axis
        vec[(index + 1 + digest[5] % max(dim - 1, 1)) % dim] += 0.25
    norm = sum(v * v for v in vec) ** 0.5 or 1.0
    return [round(v / norm, 6) for v in vec]


def example_from_schema(schema: Any, root: Any = None, depth: int = 0) -> Any:
    """A minimal instance of a JSON schema (pydantic's ``model_json_schema()`` shape)."""
    root = schema if root is None else root
    if not isinstance(schema, dict) or depth > 12:
        return None
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        return example_from_schema(target, root, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        if schema.get(key):
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return example_from_schema(options[0], root, depth + 1)
    kind = schema.get("type", "object" if "properties" in schema else "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: example_from_schema(v, root, depth + 1) for k, v in props.items()}
    if kind == "array":
        item = example_from_schema(schema.get("items", {}), root, depth + 1)
        return [item] * int(schema.get("minItems", 0))
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        value = low + (1 if "exclusiveMinimum" in schema and "minimum" not in schema else 0)
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return "x" * int(schema.get("minLength", 0))


def _looping_reply(fault: Fault, body: dict) -> dict:
    """Content that repeats one sentence until the request's token cap (counted in words)."""
    cap = int((body.get("options") or {}).get("num_predict") or 2048)
    cap = 2048 if cap < 0 else cap
    words = split_chunks(fault.error)
    sentence = split_chunks(fault.text or "") or ["again "]
    while len(words) < cap:
        words.extend(sentence)
    return {"content": "".join(words[:cap]), "done_reason": "length"}


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _details(model: str) -> dict:
    family = re.split(r"[\d:.\-]", model.split("/")[-1], maxsplit=1)[0] or "llama"
    return {
        "parent_model": "",
        "format": "gguf",
        "family": family,
        "families": [family],
        "parameter_size": "137M" if "embed" in model else "3.2B",
        "quantization_level": "F16" if "embed" in model else "Q4_K_M",
    }


@dataclass
class _Plan:
    """What a route would answer when nothing goes wrong."""

    status: int = 200
    obj: Any = None  # non-stream JSON body
    chunks: list | None = None  # stream: the done=false lines
    final: dict | None = None  # stream: the done=true line

    @property
    def stream(self) -> bool:
        return self.chunks is not None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, handler, fake: FakeOllama):
        self.fake = fake
        self.live: set[socket.socket] = set()
        self.live_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request, client_address):
        with self.live_lock:
            self.live.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self.live_lock:
            self.live.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        with self.live_lock:
            live, self.live = list(self.live), set()
        for sock in live:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request, client_address):  # quiet: errors are kept in fake.errors
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeOllama/" + OLLAMA_VERSION
    disable_nagle_algorithm = True  # headers and body go out in separate writes: no 40 ms stalls
    server: _Server

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self._dispatch("GET")

    def do_HEAD(self):
        self._dispatch("HEAD")

    def do_POST(self):
        self._dispatch("POST")

    def do_DELETE(self):
        self._dispatch("DELETE")

    # ---- plumbing

    def _dispatch(self, method: str) -> None:
        fake = self.server.fake
        try:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            path = self.path.split("?", 1)[0]
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
                fake._record(method, path, raw.decode("utf-8", "replace"))
                self._send_json(400, {"error": "invalid character in request body"})
                return
            fake._record(method, path, body)
            fake._serve(self, method, path, body if isinstance(body, dict) else {})
        except OSError:  # the client went away (its timeout fired, say): nothing to answer
            self.close_connection = True
        except Exception as exc:  # a bug in the fake or in a test's responder: keep and report
            fake.errors.append(exc)
            self.close_connection = True
            try:
                self._send_json(500, {"error": f"fake ollama failed: {exc!r}"})
            except OSError:
                pass

    def _send_bytes(self, status: int, data: bytes, content_type: str, length: int | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data) if length is None else length))
        self.send_header("Date", self.date_time_string())
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _send_json(self, status: int, obj: Any) -> None:
        data = json.dumps(obj, separators=(",", ":")).encode()
        self._send_bytes(status, data, "application/json; charset=utf-8")

    def _start_chunked(self, status: int = 200, content_type: str = "application/x-ndjson"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _line(self, obj: Any) -> None:
        self._chunk(json.dumps(obj, separators=(",", ":")).encode() + b"\n")

    def _end_chunked(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _cut(self) -> None:
        """Close the connection abruptly, mid-response (FIN, no terminating chunk)."""
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # ---- emitting a plan, with or without a fault

    def emit(self, plan: _Plan, fault: Fault | None = None) -> None:
        if fault is not None and fault.kind == "http":
            if fault.raw:
                self._send_bytes(fault.status, fault.error.encode(), "text/plain; charset=utf-8")
            else:
                self._send_json(fault.status, {"error": fault.error})
            return
        if fault is not None and fault.kind == "garbage" and not fault.in_content:
            data = (fault.text or "").encode()
            if plan.stream:
                self._start_chunked(200, "text/html; charset=utf-8")
                self._chunk(data)
                self._end_chunked()
            else:
                self._send_bytes(200, data, "text/html; charset=utf-8")
            return
        if plan.stream:
            self._emit_stream(plan, fault)
        else:
            self._emit_json(plan, fault)

    def _emit_json(self, plan: _Plan, fault: Fault | None) -> None:
        data = json.dumps(plan.obj, separators=(",", ":")).encode()
        kind = fault.kind if fault else None
        if kind == "slow" and self.server.fake._wait(fault.seconds):
            self._cut()
            return
        if kind == "cut":
            self._send_bytes(plan.status, data[: len(data) // 2], "application/json", len(data))
            self._cut()
        elif kind == "stream_error":  # what Ollama does when generation fails, stream false
            self._send_json(500, {"error": fault.error})
        elif kind == "malformed":
            self._send_bytes(plan.status, data[: max(len(data) // 2, 1)], "application/json")
        else:
            self._send_bytes(plan.status, data, "application/json; charset=utf-8")

    def _emit_stream(self, plan: _Plan, fault: Fault | None) -> None:
        fake = self.server.fake
        chunks = list(plan.chunks or [])
        kind = fault.kind if fault else None
        n = fault.after_chunks if fault else len(chunks)
        self._start_chunked(plan.status)
        for i, chunk in enumerate(chunks):
            if kind is not None and i == n:
                break
            if i and fake.chunk_delay:
                fake._wait(fake.chunk_delay)
            self._line(chunk)
        if kind == "cut":
            self._cut()
            return
        if kind == "stream_error":
            self._line({"error": fault.error})
            self._end_chunked()
            return
        if kind == "malformed":
            line = json.dumps(chunks[n] if n < len(chunks) else plan.final)
            self._chunk(line[: len(line) // 2].encode() + b"\n")
            self._end_chunked()
            return
        if kind == "slow":  # stall mid-stream, then finish
            if fake._wait(fault.seconds):
                self._cut()
                return
            for chunk in chunks[n:]:
                self._line(chunk)
        self._line(plan.final)
        self._end_chunked()


# ------------------------------------------------------------------------------------ the fake


class FakeOllama:
    """A scripted Ollama on 127.0.0.1. See the module docstring.

    Attributes you may change at runtime: ``models`` (list of names; remove one and show/chat/
    embed answer 404), ``responder`` (request_json -> reply item, used when the reply queue is
    empty), ``embed_dim``, ``chunk_delay`` (seconds between streamed chunks).
    """

    def __init__(
        self,
        models: Iterable[str] = ("llama3.2:latest",),
        *,
        embed_dim: int = 8,
        chunk_delay: float = 0.0,
        responder: Callable[[dict], ReplyItem] | None = None,
    ) -> None:
        self.models: list[str] = list(models)
        self.embed_dim = embed_dim
        self.chunk_delay = chunk_delay
        self.responder = responder
        self.requests: list[tuple[str, str, Any]] = []
        self.errors: list[BaseException] = []
        self._replies: deque[ReplyItem] = deque()
        self._path_faults: dict[str, list] = {}  # path -> [fault, remaining or None]
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None

    # ---- lifecycle

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeOllama was never started")
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> FakeOllama:
        """Start listening (again on the same port if it was started before)."""
        if self._server is not None:
            return self
        self._stopped.clear()
        self._server = _Server(("127.0.0.1", self._port or 0), _Handler, self)
        self._port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"fake-ollama-{self._port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop: the port then refuses connections, and open keep-alive connections are closed."""
        server, self._server = self._server, None
        if server is None:
            return
        self._stopped.set()  # wakes slow faults
        server.shutdown()
        server.server_close()
        server.drop_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOllama:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ---- scripting

    def reply(self, *items: ReplyItem) -> FakeOllama:
        """Queue chat replies, consumed one per /api/chat request for a known model.

        str: the assistant content. dict: merged into the assistant message (e.g.
        ``{"content": "", "tool_calls": [{"function": {"name": "f", "arguments": {}}}]}``,
        ``{"thinking": "..."}``); the special key ``done_reason`` goes to the response instead.
        Fault: a failure (see `Fault`).
        """
        with self._lock:
            self._replies.extend(items)
        return self

    @property
    def pending_replies(self) -> int:
        return len(self._replies)

    def down_for(self, path: str, fault: Fault | None = None, *, times: int | None = None) -> FakeOllama:
        """Make every request to ``path`` (e.g. "/api/version", "/api/tags", "/api/embed") fail
        with ``fault`` (default HTTP 500), for ``times`` requests or until `up()`."""
        fault = fault or Fault.http(500, f"fake ollama: {path} is down")
        with self._lock:
            self._path_faults[path] = [fault, times]
        return self

    def up(self, path: str | None = None) -> FakeOllama:
        """Undo `down_for` for one path, or for all."""
        with self._lock:
            if path is None:
                self._path_faults.clear()
            else:
                self._path_faults.pop(path, None)
        return self

    # ---- inspection

    def calls(self, path: str) -> list[Any]:
        """JSON bodies received on ``path``, in order."""
        with self._lock:
            return [body for _, p, body in self.requests if p == path]

    def chat_requests(self) -> list[dict]:
        return self.calls("/api/chat")

    def embed_requests(self) -> list[dict]:
        return self.calls("/api/embed")

    def clear(self) -> None:
        """Forget recorded requests and queued replies."""
        with self._lock:
            self.requests.clear()
            self._replies.clear()

    # ---- internals (run in handler threads)

    def _record(self, method: str, path: str, body: Any) -> None:
        with self._lock:
            self.requests.append((method, path, body))

    def _has(self, model: str) -> bool:
        return normalize_model(model) in {normalize_model(m) for m in self.models}

    def _take_path_fault(self, path: str) -> Fault | None:
        with self._lock:
            entry = self._path_faults.get(path)
            if entry is None:
                return None
            fault, remaining = entry
            if remaining is not None:
                if remaining <= 1:
                    del self._path_faults[path]
                else:
                    entry[1] = remaining - 1
            return fault

    def _next_reply(self, body: dict) -> ReplyItem:
        with self._lock:
            if self._replies:
                return self._replies.popleft()
        if self.responder is not None:
            return self.responder(body)
        return self._default_reply(body)

    @staticmethod
    def _default_reply(body: dict) -> str:
        fmt = body.get("format")
        if isinstance(fmt, dict):
            return json.dumps(example_from_schema(fmt))
        if fmt == "json":
            return "{}"
        users = [m for m in body.get("messages") or [] if m.get("role") == "user"]
        last = (users[-1].get("content") or "") if users else ""
        return f"echo: {last}" if last else "echo"

    def _wait(self, seconds: float) -> bool:
        """Sleep unless the server stops first; True if it stopped."""
        return self._stopped.wait(seconds)

    def _serve(self, h: _Handler, method: str, path: str, body: dict) -> None:
        fault = self._take_path_fault(path)
        while fault is not None and fault.kind == "slow" and fault.after_chunks == 0:
            if self._wait(fault.seconds):
                h._cut()
                return
            fault = fault.then if isinstance(fault.then, Fault) else None
        if method in ("GET", "HEAD") and path == "/":
            h._send_bytes(200, b"Ollama is running", "text/plain; charset=utf-8")
        elif method == "GET" and path == "/api/version":
            h.emit(_Plan(obj={"version": OLLAMA_VERSION}), fault)
        elif method == "GET" and path == "/api/tags":
            h.emit(_Plan(obj={"models": [self._tag(m) for m in list(self.models)]}), fault)
        elif method == "POST" and path == "/api/show":
            self._show(h, body, fault)
        elif method == "POST" and path == "/api/embed":
            self._embed(h, body, fault)
        elif method == "POST" and path == "/api/chat":
            self._chat(h, body, fault)
        else:
            h._send_bytes(404, b"404 page not found", "text/plain")

    def _tag(self, name: str) -> dict:
        digest = hashlib.sha256(name.encode()).hexdigest()
        return {
            "name": name,
            "model": name,
            "modified_at": "2025-09-30T10:00:00.000000000Z",
            "size": 274302450 if "embed" in name else 2019393189,
            "digest": digest,
            "details": _details(name),
        }

    def _show(self, h: _Handler, body: dict, fault: Fault | None) -> None:
        model = body.get("model") or body.get("name") or ""
        if fault is None and not self._has(model):
            h._send_json(404, {"error": f"model '{model}' not found"})
            return
        details = _details(model)
        arch = details["family"]
        caps = ["embedding"] if "embed" in model else ["completion", "tools"]
        info = {
            "license": "fake license",
            "modelfile": f"# Modelfile generated by fake ollama\nFROM {model}\n",
            "parameters": 'stop "<|eot_id|>"',
            "template": "{{ .Prompt }}",
            "details": details,
            "model_info": {
                "general.architecture": arch,
                "general.parameter_count": 3212749888,
                f"{arch}.context_length": 131072,
                f"{arch}.embedding_length": self.embed_dim,
            },
            "capabilities": caps,
            "modified_at": "2025-09-30T10:00:00.000000000Z",
        }
        h.emit(_Plan(obj=info), fault)

    def _embed(self, h: _Handler, body: dict, fault: Fault | None) -> None:
        model = body.get("model") or ""
        if fault is None and not self._has(model):
            h._send_json(404, {"error": f'model "{model}" not found, try pulling it first'})
            return
        raw = body.get("input", "")
        texts = [raw] if isinstance(raw, str) else list(raw or [])
        texts = [t for t in texts if t != ""]
        dim = int(body.get("dimensions") or self.embed_dim)
        h.emit(
            _Plan(
                obj={
                    "model": model,
                    "embeddings": [embedding(str(t), dim) for t in texts],
                    "total_duration": 12_000_000,
                    "load_duration": 1_000_000,
                    "prompt_eval_count": sum(len(str(t).split()) for t in texts),
                }
            ),
            fault,
        )

    def _chat(self, h: _Handler, body: dict, fault: Fault | None) -> None:
        model = body.get("model") or ""
        stream = body.get("stream", True) is not False  # Ollama streams unless told not to
        if fault is None:
            if not self._has(model):
                h._send_json(404, {"error": f'model "{model}" not found, try pulling it first'})
                return
            if "embed" in model:
                h._send_json(400, {"error": f'"{model}" does not support chat'})
                return
            item = self._next_reply(body)
            # a scripted fault: slow ones wait here, then answer with what they wrap
            while isinstance(item, Fault) and item.kind == "slow" and item.after_chunks == 0:
                if self._wait(item.seconds):
                    h._cut()
                    return
                item = item.then if item.then is not None else self._default_reply(body)
            if isinstance(item, Fault):
                fault = item
                if item.kind == "slow":
                    then = item.then if item.then is not None else self._default_reply(body)
                    item = then if isinstance(then, (str, dict)) else DEFAULT_PARTIAL_TEXT
                elif item.kind == "garbage" and item.in_content:
                    item, fault = item.text or "", None
                elif item.kind == "looping":
                    item, fault = _looping_reply(item, body), None
                else:
                    item = item.text or DEFAULT_PARTIAL_TEXT
        else:
            item = fault.text or DEFAULT_PARTIAL_TEXT
        h.emit(self._chat_plan(model, item, stream), fault)

    @staticmethod
    def _chat_plan(model: str, item: ReplyItem, stream: bool) -> _Plan:
        message: dict[str, Any] = {"role": "assistant", "content": ""}
        done_reason = "stop"
        if isinstance(item, dict):
            extra = dict(item)
            done_reason = extra.pop("done_reason", done_reason)
            message.update(extra)
        else:
            message["content"] = str(item)
        content = message.get("content") or ""
        eval_count = max(len(split_chunks(content)), 1)
        stats = {
            "done_reason": done_reason,
            "total_duration": 250_000_000,
            "load_duration": 20_000_000,
            "prompt_eval_count": 26,
            "prompt_eval_duration": 30_000_000,
            "eval_count": eval_count,
            "eval_duration": 200_000_000,
        }
        if not stream:
            obj = {"model": model, "created_at": _now(), "message": message, "done": True}
            return _Plan(obj={**obj, **stats})

        def line(**msg: Any) -> dict:
            return {
                "model": model,
                "created_at": _now(),
                "message": {"role": "assistant", "content": "", **msg},
                "done": False,
            }

        chunks = []
        if message.get("thinking"):
            chunks.append(line(thinking=message["thinking"]))
        chunks.extend(line(content=piece) for piece in split_chunks(content))
        if message.get("tool_calls"):
            chunks.append(line(tool_calls=message["tool_calls"]))
        final = line()
        final.update(done=True, **stats)
        return _Plan(chunks=chunks, final=final)


# ------------------------------------------------------------------------------ pytest fixture


@pytest.fixture
def fake_ollama(monkeypatch) -> Iterator[FakeOllama]:
    """A started `FakeOllama` (model llama3.2:latest), stopped after the test.

    Loopback is added to NO_PROXY so a proxy in the environment cannot intercept the calls.
    Fails the test if the fake itself crashed (a bug in it or in a test's responder).
    """
    present = [os.environ.get("NO_PROXY"), os.environ.get("no_proxy")]
    no_proxy = ",".join(filter(None, [*present, "127.0.0.1,localhost"]))
    monkeypatch.setenv("NO_PROXY", no_proxy)
    monkeypatch.setenv("no_proxy", no_proxy)
    server = FakeOllama().start()
    try:
        yield server
    finally:
        server.stop()
    if server.errors:
        raise AssertionError(f"fake ollama failed while serving: {server.errors!r}")


__all__ = [
    "OLLAMA_VERSION",
    "Fault",
    "FakeOllama",
    "closed_port_url",
    "hung_port_url",
    "embedding",
    "example_from_schema",
    "fake_ollama",
    "normalize_model",
    "split_chunks",
]
