"""Mask personal numbers (phone, ID card, bank card) before anything is logged."""

from __future__ import annotations

import logging
import os
import re

_ID_CARD = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)")
_BANK = re.compile(r"(?<!\d)(\d{4})\d{8,11}(\d{4})(?!\d)")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask(text: str) -> str:
    """Keep enough digits to recognise a number, never enough to use it."""
    text = _ID_CARD.sub(r"\1********\2", text)
    text = _BANK.sub(r"\1****\2", text)
    return _PHONE.sub(r"\1****\2", text)


class MaskingFilter(logging.Filter):
    """A logging filter that masks personal numbers in every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = None
        return True


def setup_logging(level: int | str | None = None) -> None:
    """Log lines with personal numbers masked; level from HOTLINE_LOG_LEVEL (default INFO)."""
    level = level or os.environ.get("HOTLINE_LOG_LEVEL", "INFO").upper()
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
