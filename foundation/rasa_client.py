"""A small async client for the Rasa server's REST channel and HTTP API."""

from __future__ import annotations

from urllib.parse import quote

import httpx


def model_loaded(response: httpx.Response) -> bool:
    """Rasa's /status answer once a model is loaded (before that it answers without one)."""
    return response.status_code == 200 and bool(response.json().get("model_file"))


class RasaUnavailable(Exception):
    """Rasa did not answer (down, starting, or too slow)."""


class RasaClient:
    """Send a worker's message to Rasa and read back the replies."""

    def __init__(self, base_url: str, timeout: float = 20.0):
        self.base_url = base_url.rstrip("/")
        self._http = httpx.AsyncClient(timeout=timeout)

    async def send(self, sender: str, text: str) -> list[dict]:
        """One turn: returns Rasa's messages ({"text"}, {"buttons"}, {"custom"}, …)."""
        try:
            response = await self._http.post(
                f"{self.base_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
            )
            response.raise_for_status()
        except (httpx.HTTPError, OSError) as error:
            raise RasaUnavailable(str(error) or type(error).__name__) from error
        return response.json()

    async def latest_message(self, sender: str) -> dict:
        """The NLU result of the sender's last message (intent, confidence)."""
        try:
            response = await self._http.get(
                f"{self.base_url}/conversations/{quote(sender, safe='')}/tracker", params={"include_events": "NONE"}
            )
            response.raise_for_status()
        except (httpx.HTTPError, OSError) as error:
            raise RasaUnavailable(str(error)) from error
        return response.json().get("latest_message") or {}

    async def close(self) -> None:
        await self._http.aclose()
