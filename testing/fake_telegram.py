"""A small fake Telegram Bot API server on loopback, for end-to-end tests and the load benchmark.

python-telegram-bot talks to it through its real HTTP stack (`base_url`). The test
injects worker messages as updates (served to getUpdates long polling) and reads back
what the bot sent (sendMessage and friends).
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

BOT_USER = {"id": 777000, "is_bot": True, "first_name": "Hotline", "username": "hotline12351_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}


class FakeTelegram:
    """Start with `with FakeTelegram() as tg:`; `tg.base_url` goes to the bot's TELEGRAM_BASE_URL."""

    def __init__(self, token: str = "123456:TEST"):
        self.token = token
        self.updates: list[dict] = []
        self.calls: list[tuple[str, dict]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._cond = threading.Condition()
        self.files: dict[str, bytes] = {}  # file_id -> content, for getFile and downloads
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/bot"

    def __enter__(self) -> FakeTelegram:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- what a test does -------------------------------------------------------

    def send_text(self, chat_id: int, text: str, update_id: int | None = None) -> int:
        """A worker in a private chat writes `text`; returns the update id."""
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "text": text,
                   "chat": {"id": chat_id, "type": "private", "first_name": "工友"},
                   "from": {"id": chat_id, "is_bot": False, "first_name": "工友"}}
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.push({"message": message}, update_id)

    def press_button(self, chat_id: int, user_id: int, data: str, message_id: int) -> int:
        """Someone presses an inline button under the bot's message `message_id`."""
        chat_type = "group" if chat_id < 0 else "private"
        return self.push({"callback_query": {
            "id": str(time.monotonic_ns()), "chat_instance": "1", "data": data,
            "from": {"id": user_id, "is_bot": False, "first_name": "律师"},
            "message": {"message_id": message_id, "date": int(time.time()), "chat": {"id": chat_id, "type": chat_type},
                        "from": BOT_USER, "text": "…"}}})

    def reply_in_group(self, chat_id: int, user_id: int, text: str, to_message_id: int) -> int:
        """Someone in a group replies to the bot's message `to_message_id`."""
        return self.push({"message": {
            "message_id": next(self._message_ids), "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": "group", "title": "律师群"},
            "from": {"id": user_id, "is_bot": False, "first_name": "律师"},
            "reply_to_message": {"message_id": to_message_id, "date": int(time.time()),
                                 "chat": {"id": chat_id, "type": "group"}, "from": BOT_USER, "text": "…"}}})

    def calls_of(self, method: str) -> list[dict]:
        with self._cond:
            return [p for m, p in self.calls if m == method]

    def send_document(self, chat_id: int, name: str, content: bytes, size: int | None = None) -> int:
        """A worker sends a file (its declared size may differ, to test the limit)."""
        file_id = f"doc{len(self.files) + 1}"
        self.files[file_id] = content
        return self.push({"message": {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"}, "from": {"id": chat_id, "is_bot": False, "first_name": "工友"},
            "document": {"file_id": file_id, "file_unique_id": file_id, "file_name": name,
                         "file_size": size if size is not None else len(content)}}})

    def edit_text(self, chat_id: int, text: str) -> int:
        return self.push({"edited_message": {
            "message_id": 1, "date": int(time.time()), "edit_date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": "private"}, "from": {"id": chat_id, "is_bot": False, "first_name": "工友"}}})

    def send_update(self, payload: dict) -> int:
        return self.push(payload)

    def push(self, payload: dict, update_id: int | None = None) -> int:
        with self._cond:
            update_id = update_id or next(self._update_ids)
            self.updates.append({"update_id": update_id, **payload})
            self._cond.notify_all()
        return update_id

    def sent(self, chat_id: int | None = None) -> list[dict]:
        """Every sendMessage call (to one chat if given), oldest first."""
        with self._cond:
            return [p for m, p in self.calls if m == "sendMessage" and (chat_id is None or int(p["chat_id"]) == chat_id)]

    def wait_for_messages(self, chat_id: int, count: int, timeout: float = 60.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sent = self.sent(chat_id)
            if len(sent) >= count:
                return sent
            time.sleep(0.1)
        raise AssertionError(f"chat {chat_id} got {len(self.sent(chat_id))} messages, expected {count}: {self.sent(chat_id)}")

    def wait_for_text(self, chat_id: int, pattern: str, timeout: float = 60.0) -> str:
        """The first message to `chat_id` matching the regular expression `pattern`."""
        import re

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.sent(chat_id):
                if re.search(pattern, message.get("text", "")):
                    return message["text"]
            time.sleep(0.1)
        raise AssertionError(f"no message matching {pattern!r} to chat {chat_id}: {self.sent(chat_id)}")

    # --- the Bot API ----------------------------------------------------------------

    def _answer(self, method: str, params: dict) -> object:
        with self._cond:
            self.calls.append((method, params))
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            return self._get_updates(params)
        if method == "sendMessage":
            message_id = next(self._message_ids)
            params["_message_id"] = message_id  # so a test can reply to what the bot sent
            chat_type = "group" if int(params["chat_id"]) < 0 else "private"
            return {"message_id": message_id, "date": int(time.time()), "from": BOT_USER,
                    "chat": {"id": int(params["chat_id"]), "type": chat_type}, "text": params.get("text", "")}
        if method == "sendDocument":  # a file the bot sends: the test reads it back from the call's params
            message_id = next(self._message_ids)
            name = params.get("_document_filename") or "document"
            return {"message_id": message_id, "date": int(time.time()), "from": BOT_USER,
                    "chat": {"id": int(params["chat_id"]), "type": "private"}, "caption": params.get("caption", ""),
                    "document": {"file_id": f"sent{message_id}", "file_unique_id": f"sent{message_id}",
                                 "file_name": name}}
        if method == "getFile":
            file_id = params["file_id"]
            return {"file_id": file_id, "file_unique_id": file_id, "file_size": len(self.files.get(file_id, b"")),
                    "file_path": f"documents/{file_id}"}
        return True  # deleteWebhook, sendChatAction, answerCallbackQuery, setMyCommands, …

    def _get_updates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 2.0)
        with self._cond:
            ready = [u for u in self.updates if u["update_id"] >= offset]
            if not ready and timeout:
                self._cond.wait(timeout)
                ready = [u for u in self.updates if u["update_id"] >= offset]
            return ready

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                if self.path.startswith("/file/bot"):
                    self._download()
                    return
                token, _, method = self.path.removeprefix("/bot").partition("/")
                if token != fake.token:
                    self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                params = parse_body(self.headers.get("Content-Type", ""), body)
                self._reply(200, {"ok": True, "result": fake._answer(method, params)})

            do_GET = do_POST

            def _download(self) -> None:
                file_id = self.path.rsplit("/", 1)[-1]
                data = fake.files.get(file_id, b"")
                self.send_response(200 if data else 404)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _reply(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the bot stopped polling mid-request (shutdown)

        return Handler


def parse_body(content_type: str, body: bytes) -> dict:
    """python-telegram-bot sends form data (urlencoded or multipart); JSON is accepted too."""
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(body)
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        params = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename():  # an uploaded file: its bytes, and its name (sendDocument)
                params[name], params[f"_{name}_filename"] = payload, part.get_filename()
            else:  # a form field: UTF-8 text (python-telegram-bot names no charset)
                params[name] = payload.decode("utf-8")
        return params
    return dict(parse_qsl(body.decode()))
