"""Mask personal numbers (phone, ID card, bank card) before anything is logged."""

from __future__ import annotations

import logging
import re

from foundation.phones import PHONE
from foundation.settings import settings

_ID_CARD = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)")
_BANK = re.compile(r"(?<!\d)(\d{4})\d{8,11}(\d{4})(?!\d)")


def _mask_phone(match: re.Match[str]) -> str:
    number = match.group()
    return number[:3] + "****" + number[-4:]


def mask(text: str) -> str:
    """Keep enough digits to recognise a number, never enough to use it."""
    text = _ID_CARD.sub(r"\1********\2", text)
    text = _BANK.sub(r"\1****\2", text)
    return PHONE.sub(_mask_phone, text)


class MaskingFilter(logging.Filter):
    """A logging filter that masks personal numbers in every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = None
        return True


def setup_logging(level: int | str | None = None) -> None:
    """Log lines with personal numbers masked; level from the settings (HOTLINE_LOG_LEVEL)."""
    level = level or settings().log_level
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
