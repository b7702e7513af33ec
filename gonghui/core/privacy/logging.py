"""A logging filter that masks ID and mobile numbers in every log line (ASVS 16.2.5).

Code should never log personal data; this catches what slips through, such as a value
inside an exception message. Installed on the console handler in settings.
"""

from __future__ import annotations

import logging
import re

from gonghui.core.privacy.masking import mask_id_number, mask_phone

# Word boundaries by look-around: "13812345678" inside a longer digit run is not a phone.
ID_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
PHONE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def mask_text(text: str) -> str:
    text = ID_NUMBER_RE.sub(lambda m: mask_id_number(m.group()), text)
    return PHONE_RE.sub(lambda m: mask_phone(m.group()), text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
