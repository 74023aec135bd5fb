"""The emulator's HTTP server: routes Sheets v4 and Drive v3 URLs, enforces quota and access, counts calls."""

from __future__ import annotations

import copy
import json
import random
import re
import socket
import string
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.tools.sheets_emulator import drive_api, values_api
from tests.tools.sheets_emulator.batch_update import apply_batch_update, new_sheet
from tests.tools.sheets_emulator.errors import (
    ApiError,
    bad_request,
    not_found,
    permission_denied,
    quota_exceeded,
    unauthenticated,
)
from tests.tools.sheets_emulator.fieldmask import apply_mask, parse_mask
from tests.tools.sheets_emulator.model import Spreadsheet
from tests.tools.sheets_emulator.session import RedirectingSession
from tests.tools.sheets_emulator.values_api import locate

__all__ = ["DEFAULT_ACCOUNT", "RequestRecord", "SheetsEmulator"]

DEFAULT_ACCOUNT = "salessheet-tests@emulator.iam.gserviceaccount.com"
"""Identity of any bearer token that was not registered with :meth:`SheetsEmulator.token_for`."""

MAX_REQUEST_BYTES = 10 * 1024 * 1024
"""Google rejects request payloads above 10 MiB."""


@dataclass(frozen=True)
class RequestRecord:
    """One request as the emulator saw it."""

    method: str
    path: str
    spreadsheet_id: str | None
    status: int
    caller: str


Answer = tuple[int, Any, dict[str, str]]


class SheetsEmulator:
    """A local Google Sheets v4 + Drive v3 API on 127.0.0.1 (see the package docstring).

    Args:
        quota_per_minute: read and write requests allowed per caller per minute (None: no quota).
        retry_after: seconds sent as Retry-After with 429 answers (None: no header, like Google).
        seed: seeds the generator of spreadsheet, sheet and protected-range ids.
    """

    def __init__(self, quota_per_minute: int | None = None, retry_after: int | None = None, seed: int = 0):
        self.quota_per_minute = quota_per_minute
        self.retry_after = retry_after
        self.max_request_bytes = MAX_REQUEST_BYTES
        self.books: dict[str, Spreadsheet] = {}
        self.log: list[RequestRecord] = []
        self._tokens: dict[str, str] = {}
        self._rng = random.Random(seed)
        self._lock = threading.RLock()
        self._clock_offset = 0.0
        self._windows: dict[tuple[str, str], deque[float]] = {}
        self._injected: deque[int] = deque()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> SheetsEmulator:
        """Listen on a free port of 127.0.0.1 in a background thread."""
        handler = type("Handler", (_Handler,), {"emulator": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="sheets-emulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SheetsEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """ "http://127.0.0.1:<port>": replaces both https://sheets.googleapis.com and https://www.googleapis.com."""
        if self._server is None:
            raise RuntimeError("emulator not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # -- test controls ----------------------------------------------------------------------
    def token_for(self, email: str) -> str:
        """A bearer token the emulator maps to ``email``."""
        token = "emu-" + "".join(self._rng.choices(string.ascii_letters, k=24))
        self._tokens[token] = email
        return token

    def session(self, email: str = DEFAULT_ACCOUNT) -> RedirectingSession:
        """A requests session acting as ``email`` against this emulator (inject it into gspread)."""
        return RedirectingSession(self.base_url, self.token_for(email))

    def advance_clock(self, seconds: float) -> None:
        """Move the emulator's clock forward (quota windows); usable as a retry ``sleep``."""
        with self._lock:
            self._clock_offset += seconds

    def fail_next(self, *statuses: int) -> None:
        """Answer the next requests with these error statuses (e.g. 503) before serving normally."""
        with self._lock:
            self._injected.extend(statuses)

    def calls(self, spreadsheet_id: str, *, include_errors: bool = True) -> int:
        """Requests that addressed ``spreadsheet_id`` (Sheets and Drive), optionally only successful ones."""
        with self._lock:
            return sum(
                1
                for r in self.log
                if r.spreadsheet_id == spreadsheet_id and (include_errors or r.status < 400)
            )

    def reset_log(self) -> None:
        with self._lock:
            self.log.clear()

    def create_spreadsheet(self, title: str, owner: str = DEFAULT_ACCOUNT) -> str:
        """Create a spreadsheet owned by ``owner`` directly (not counted as a request); returns its id."""
        with self._lock:
            return self._new_book(title, owner).spreadsheet_id

    def now(self) -> float:
        return time.monotonic() + self._clock_offset

    # -- dispatch ---------------------------------------------------------------------------
    def _new_id(self) -> str:
        alphabet = string.ascii_letters + string.digits + "-_"
        while True:
            candidate = "1" + "".join(self._rng.choices(alphabet, k=43))
            if candidate not in self.books:
                return candidate

    def _new_book(self, title: str, owner: str) -> Spreadsheet:
        book = Spreadsheet(self._new_id(), title, owner, sheets=[new_sheet(0, "Sheet1", 0)])
        self.books[book.spreadsheet_id] = book
        return book

    def handle(self, method: str, raw_path: str, headers: dict[str, str], body: bytes) -> Answer:
        """Serve one request; returns (status, JSON body or None, extra headers)."""
        split = urlsplit(raw_path)
        params = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        multi = parse_qs(split.query, keep_blank_values=True)
        book_id = _spreadsheet_id(split.path)
        with self._lock:
            caller = ""
            try:
                caller = self._caller(headers)
                if self._injected:
                    code = self._injected.popleft()
                    raise ApiError(
                        code,
                        {
                            "error": {
                                "code": code,
                                "message": "The service is currently unavailable.",
                                "status": "UNAVAILABLE" if code == 503 else "INTERNAL",
                            }
                        },
                    )
                if len(body) > self.max_request_bytes:
                    raise bad_request(
                        f"Request payload size exceeds the limit: {self.max_request_bytes} bytes."
                    )
                payload = json.loads(body) if body.strip() else None
                if split.path.startswith("/v4/"):
                    self._charge(caller, "Read" if method == "GET" else "Write")
                answer = self._route(method, split.path, params, multi, payload, caller)
            except ApiError as err:
                answer = (err.code, err.body, err.headers)
            except json.JSONDecodeError as err:
                answer = (400, bad_request(f"Invalid JSON payload received. {err.msg}.").body, {})
            self.log.append(RequestRecord(method, split.path, book_id, answer[0], caller))
            return answer

    def _caller(self, headers: dict[str, str]) -> str:
        auth = headers.get("authorization", "")
        if not auth.lower().startswith("bearer "):
            raise unauthenticated()
        return self._tokens.get(auth[7:].strip(), DEFAULT_ACCOUNT)

    def _charge(self, caller: str, metric: str) -> None:
        if self.quota_per_minute is None:
            return
        window = self._windows.setdefault((caller, metric), deque())
        now = self.now()
        while window and window[0] <= now - 60:
            window.popleft()
        if len(window) >= self.quota_per_minute:
            raise quota_exceeded(metric, self.retry_after, self.quota_per_minute)
        window.append(now)

    def _book(self, book_id: str, caller: str) -> Spreadsheet:
        book = self.books.get(book_id)
        if book is None:
            raise not_found()
        if not book.can_access(caller):
            raise permission_denied()
        return book

    def _route(
        self,
        method: str,
        path: str,
        params: dict[str, str],
        multi: dict[str, list[str]],
        payload: Any,
        caller: str,
    ) -> Answer:
        body = payload if isinstance(payload, dict) else {}
        if payload is not None and not isinstance(payload, dict):
            raise bad_request("Invalid JSON payload received. Expected an object.")
        m = re.fullmatch(
            r"/v4/spreadsheets/([^/:]+)(:batchUpdate|/values:batchGet|/values:batchUpdate|"
            r"/values:batchClear|/values/(.+?)(:append|:clear)?)?",
            path,
        )
        if m:
            return self._sheets(method, m, params, multi, body, caller)
        if path == "/v4/spreadsheets" and method == "POST":
            return self._create_via_sheets(body, caller)
        m = re.fullmatch(r"/drive/v3/files(?:/([^/]+)(/copy|/comments|/permissions)?)?", path)
        if m:
            return self._drive(method, m.group(1), m.group(2), params, body, caller)
        raise ApiError(
            404, {"error": {"code": 404, "message": f"Method not found: {path}", "status": "NOT_FOUND"}}
        )

    def _sheets(
        self,
        method: str,
        m: re.Match[str],
        params: dict[str, str],
        multi: dict[str, list[str]],
        body: dict[str, Any],
        caller: str,
    ) -> Answer:
        book = self._book(unquote(m.group(1)), caller)
        op, range_text, suffix = m.group(2), m.group(3), m.group(4)
        if op is None and method == "GET":
            return 200, self._get_spreadsheet(book, params, multi.get("ranges", [])), {}
        if op == ":batchUpdate" and method == "POST":
            new_book, reply = apply_batch_update(book, body, caller, self._rng)
            self.books[book.spreadsheet_id] = new_book
            if body.get("includeSpreadsheetInResponse"):
                reply["updatedSpreadsheet"] = new_book.to_json()
            return 200, reply, {}
        if op == "/values:batchGet" and method == "GET":
            return 200, values_api.batch_get(book, multi.get("ranges", []), params), {}
        if op == "/values:batchUpdate" and method == "POST":
            return 200, values_api.batch_update(book, body), {}
        if op == "/values:batchClear" and method == "POST":
            return 200, values_api.batch_clear(book, body), {}
        if range_text is not None:
            text = unquote(range_text)
            if suffix == ":append" and method == "POST":
                return 200, values_api.append(book, text, params, body), {}
            if suffix == ":clear" and method == "POST":
                return 200, values_api.clear(book, text), {}
            if suffix is None and method == "GET":
                return 200, values_api.get(book, text, params), {}
            if suffix is None and method == "PUT":
                return 200, values_api.update(book, text, params, body), {}
        raise ApiError(404, {"error": {"code": 404, "message": "Method not found.", "status": "NOT_FOUND"}})

    def _get_spreadsheet(
        self, book: Spreadsheet, params: dict[str, str], ranges: list[str]
    ) -> dict[str, Any]:
        out = book.to_json()
        fields = params.get("fields")
        mask = parse_mask(fields) if fields else {}
        with_grid = params.get("includeGridData", "false").lower() == "true" or "data" in mask.get(
            "sheets", {}
        )
        if with_grid:
            wanted: dict[int, list[tuple[int, int, int, int]]] = {}
            for text in ranges:
                sheet, r0, r1, c0, c1 = locate(book, text)
                wanted.setdefault(sheet.sheet_id, []).append((r0, r1, c0, c1))
            sheets = []
            for sheet, entry in zip(book.sheets, out["sheets"], strict=True):
                if ranges and sheet.sheet_id not in wanted:
                    continue
                boxes = wanted.get(sheet.sheet_id) or [(0, sheet.rows, 0, sheet.cols)]
                entry["data"] = [sheet.grid_data(*box) for box in boxes]
                sheets.append(entry)
            out["sheets"] = sheets
        return dict(apply_mask(out, mask)) if mask else out

    def _create_via_sheets(self, body: dict[str, Any], caller: str) -> Answer:
        props = body.get("properties", {})
        book = self._new_book(props.get("title", "Untitled spreadsheet"), caller)
        book.locale = props.get("locale", book.locale)
        book.time_zone = props.get("timeZone", book.time_zone)
        if body.get("sheets"):
            book.sheets = []
            requests = [{"addSheet": {"properties": s.get("properties", {})}} for s in body["sheets"]]
            try:
                placeholder = new_sheet(-1, "\0placeholder", 0)
                book.sheets = [placeholder]
                new_book, _ = apply_batch_update(book, {"requests": requests}, caller, self._rng)
            except ApiError:
                del self.books[book.spreadsheet_id]
                raise
            new_book.sheets = [s for s in new_book.sheets if s.sheet_id != -1]
            for i, sheet in enumerate(new_book.sheets):
                sheet.props["index"] = i
            self.books[book.spreadsheet_id] = book = new_book
        return 200, book.to_json(), {}

    def _drive(
        self,
        method: str,
        file_id: str | None,
        sub: str | None,
        params: dict[str, str],
        body: dict[str, Any],
        caller: str,
    ) -> Answer:
        if file_id is None:
            if method == "POST":
                if body.get("mimeType", drive_api.SPREADSHEET_MIME) != drive_api.SPREADSHEET_MIME:
                    raise bad_request("The emulator stores spreadsheets only.")
                book = self._new_book(body.get("name") or "Untitled spreadsheet", caller)
                return 200, drive_api.file_json(book, params.get("fields")), {}
            if method == "GET":
                visible = [b for b in self.books.values() if b.can_access(caller)]
                return 200, drive_api.list_files(visible, params), {}
        else:
            book = drive_api.require(self.books.get(file_id), file_id, caller)
            if sub is None and method == "GET":
                return 200, drive_api.file_json(book, params.get("fields")), {}
            if sub is None and method == "DELETE":
                if book.owner != caller:
                    raise ApiError(
                        403,
                        {
                            "error": {
                                "code": 403,
                                "message": "The user does not have sufficient permissions for this file.",
                                "errors": [
                                    {
                                        "message": "The user does not have sufficient permissions "
                                        "for this file.",
                                        "domain": "global",
                                        "reason": "insufficientFilePermissions",
                                    }
                                ],
                            }
                        },
                    )
                del self.books[file_id]
                return 204, None, {}
            if sub == "/copy" and method == "POST":
                clone = copy.deepcopy(book)
                clone.spreadsheet_id = self._new_id()
                clone.title = body.get("name") or f"Copy of {book.title}"
                clone.owner, clone.permissions = caller, []
                self.books[clone.spreadsheet_id] = clone
                return 200, drive_api.file_json(clone, params.get("fields")), {}
            if sub == "/comments" and method == "GET":
                return 200, {"comments": []}, {}
            if sub == "/permissions" and method == "POST":
                permission_id = "".join(self._rng.choices(string.digits, k=20))
                return 200, drive_api.new_permission(book, body, permission_id), {}
            if sub == "/permissions" and method == "GET":
                return (
                    200,
                    {"kind": "drive#permissionList", "permissions": copy.deepcopy(book.permissions)},
                    {},
                )
        raise ApiError(404, {"error": {"code": 404, "message": "Method not found.", "status": "NOT_FOUND"}})


def _spreadsheet_id(path: str) -> str | None:
    m = re.match(r"/v4/spreadsheets/([^/:]+)|/drive/v3/files/([^/]+)", path)
    if not m:
        return None
    return unquote(m.group(1) or m.group(2))


class _Handler(BaseHTTPRequestHandler):
    emulator: SheetsEmulator
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, delayed ACKs add 40 ms a request.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests assert on output."""

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, payload, extra = self.emulator.handle(self.command, self.path, headers, body)
        data = b"" if payload is None else json.dumps(payload, ensure_ascii=False, indent=2).encode() + b"\n"
        self.send_response(status)
        if payload is not None:
            self.send_header("Content-Type", "application/json; charset=UTF-8")
        for key, value in extra.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve
