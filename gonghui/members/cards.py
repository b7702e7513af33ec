"""The electronic member card: a signed card reference and its QR code.

The QR code holds the address of the card check page with one parameter, ``ref``: the worker
record's id signed with the site's key (``django.core.signing``, salt ``CARD_SALT``). No name,
ID number, phone or card number is in it: whoever reads the code learns only an address, and
only signed-in union staff whose unions the card belongs to learn more from the check page.
A ref that was altered (or made up) does not verify.
"""

from __future__ import annotations

import segno
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

CARD_SALT = "gonghui.members.card"
PREFIX = "w"


def card_reference(worker_id: int) -> str:
    """The signed reference of a worker's card (``w<id>:<signature>``)."""
    return signing.Signer(salt=CARD_SALT).sign(f"{PREFIX}{worker_id}")


def card_worker_id(ref: str) -> int | None:
    """The worker id a card reference names, or None when it does not verify."""
    if not ref or len(ref) > 200:
        return None
    try:
        value = signing.Signer(salt=CARD_SALT).unsign(ref.strip())
    except signing.BadSignature:
        return None
    if not value.startswith(PREFIX) or not value[len(PREFIX) :].isdigit():
        return None
    worker_id = int(value[len(PREFIX) :])
    return worker_id if 0 < worker_id < 2**63 else None


def card_check_url(request: HttpRequest, worker_id: int) -> str:
    """What the QR code holds: the absolute address of the check page with the signed reference."""
    path = reverse("members:card_check") + "?" + urlencode({"ref": card_reference(worker_id)})
    return request.build_absolute_uri(path)


def qr_svg_data_uri(payload: str) -> str:
    """The QR code of ``payload`` as an SVG ``data:`` URI (an ``<img>`` source the CSP allows)."""
    return segno.make(payload, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")
