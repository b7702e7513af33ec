"""Entering one payout from a page, the API or a script: the service, and the refused attempt in the audit log.

``payout_create`` writes nothing when the rule refuses; its transaction is gone when it raises,
so the refused attempt is recorded afterwards, in a transaction of its own
(``payout_refusal_record``), and the refusal raised again for the page to show.
"""

from __future__ import annotations

from typing import Any

from gonghui.core.services import Actor
from gonghui.welfare import services
from gonghui.welfare.models import WelfarePayout


def payout_enter(*, actor: Actor, **fields: Any) -> WelfarePayout:
    """``services.payout_create``; a ``PayoutRefused`` is written to the audit log, then raised again."""
    try:
        return services.payout_create(actor=actor, **fields)
    except services.PayoutRefused as refused:
        services.payout_refusal_record(
            actor=actor,
            union=fields["union"],
            worker=fields["worker"],
            item=fields["item"],
            amount=fields["amount"],
            reasons=refused.reasons,
        )
        raise
