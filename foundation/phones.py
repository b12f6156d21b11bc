"""How a phone number is written in China, defined once: reading a worker's contact number
and keeping it out of the quantities (casework/facts.py) and masking it in every log line
(foundation/privacy.py) must agree on what a phone number is, or a number written the way
people read it out ("139 1234 5678") is kept as a fact but leaks into a log."""

from __future__ import annotations

import re

# A mobile: 11 digits from 13–19, spaces or dashes where people pause (3-4-4).
MOBILE = re.compile(r"(?<!\d)1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)")
# A landline: the area code (0 and two or three digits), a dash or not, 7 or 8 digits.
LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{7,8})(?!\d)")
PHONE = re.compile(f"{MOBILE.pattern}|{LANDLINE.pattern}")
