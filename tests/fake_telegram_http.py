"""The fake Bot API's HTTP side: a threading server on 127.0.0.1, and request bodies parsed.

`Server` hands each request to a `respond(target, content_type, body, client_gone)` callable and
writes back the (status, body bytes) it returns; None closes the connection without an answer.
"""

from __future__ import annotations

import json
import re
import select
import socket
import sys
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from tests.fake_telegram_spec import Upload

Respond = Callable[[str, str, bytes, Callable[[], bool]], tuple[int, bytes] | None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects from a real server
    # Headers and body go out in two writes; with Nagle on, the body waits for the client's
    # delayed ACK and every call takes 40 ms longer than Telegram would.
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        respond: Respond = self.server.respond  # type: ignore[attr-defined]
        content_type = self.headers.get("Content-Type", "")
        answer = respond(self.path, content_type, body, self._client_gone)
        if answer is None:
            self.close_connection = True
            return
        status, payload = answer
        self.send_response(status)
        is_json = payload[:1] == b"{" and self.path.startswith("/bot")
        self.send_header(
            "Content-Type", "application/json" if is_json else "application/octet-stream"
        )
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST

    def _client_gone(self) -> bool:
        """True once the caller closed its end: the socket reads as ended."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the URLs carry the token, and the test output stays readable."""


class Server(ThreadingHTTPServer):
    """An HTTP/1.1 server on a free port of 127.0.0.1 that answers with `respond`."""

    daemon_threads = True
    # socketserver's default backlog of 5 makes the kernel drop new connections when a bot
    # opens dozens at once; Telegram's servers accept them.
    request_queue_size = 128

    def __init__(self, respond: Respond) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.respond = respond

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that went away before its answer (a cancelled long poll) is not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def parse_body(content_type: str, body: bytes) -> tuple[dict, dict[str, Upload]]:
    """The fields and files of a request body: JSON, multipart or URL-encoded form."""
    kind = content_type.partition(";")[0].strip().lower()
    if not body:
        return {}, {}
    if kind == "application/json":
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("a JSON request must be an object")
        return data, {}
    if kind == "multipart/form-data":
        boundary = re.search(r'boundary="?([^";]+)"?', content_type)
        if not boundary:
            raise ValueError("multipart without boundary")
        return _multipart(body, boundary.group(1).encode())
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)), {}


def _multipart(body: bytes, boundary: bytes) -> tuple[dict, dict[str, Upload]]:
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    for part in body.split(b"--" + boundary)[1:-1]:
        head, _, data = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        data = data.removesuffix(b"\r\n")
        headers = head.decode("utf-8")
        name = re.search(r'\bname="([^"]*)"', headers).group(1)
        filename = re.search(r'\bfilename="([^"]*)"', headers)
        if filename:
            mime = re.search(r"(?i)content-type:\s*(\S+)", headers)
            mime_type = mime.group(1) if mime else "application/octet-stream"
            files[name] = Upload(filename.group(1), mime_type, data)
        else:
            fields[name] = data.decode("utf-8")
    return fields, files
