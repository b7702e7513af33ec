"""Pages a signed-out visitor may open: public forms, tracking pages, certificate verification.

Every page of the platform asks for a signed-in user, except the few a worker without an
account must reach (a request to the union, following it by its tracking code, checking a
certificate's number, a published notice). Such a view says so with one decorator::

    @public
    def request_submit(request): ...

and the anonymous walker (``core/web/tests/test_anonymous_walker.py``) requests every route of
the URLconf signed out and fails on any view that answers without being marked. A public view
has no actor: it reads with ``system_scope("<why>")`` and writes through a service with
``actor=None``.

A public form is a :class:`PublicForm`: a challenge the site serves itself (an arithmetic
question drawn as an image by django-simple-captcha, no outside service), no markup in any
field, and a length limit on every text. Before it validates, the view calls
:func:`throttle`, which counts the submission against the client address in the database
(so the limit holds across every web process) and answers the refusal to show when the address
is over its limit; a refused submission writes nothing else::

    refusal = throttle(request, "requests.submit", limit=5, per=60)
    if refusal:
        form.add_error(None, refusal)
    elif form.is_valid(): ...
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.tree.middleware import client_ip

V = TypeVar("V", bound=Callable[..., Any])

# The longest text a public form takes in any field, and the largest body it reads at all.
MAX_TEXT = 2000
MAX_BODY = 64 * 1024
MARKUP = ("<", ">")


def public(view: V) -> V:
    """Mark ``view`` as reachable by a signed-out visitor (see the module docstring)."""
    view.gonghui_public = True  # type: ignore[attr-defined]
    return view


def is_public(view: Any) -> bool:
    """Whether ``view`` (or a view it wraps) is marked :func:`public`."""
    seen = 0
    while view is not None and seen < 10:
        if getattr(view, "gonghui_public", False):
            return True
        view = getattr(view, "__wrapped__", None) or getattr(view, "view_class", None)
        seen += 1
    return False


def _client_key(request: HttpRequest) -> str:
    address = client_ip(request) or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def throttle(request: HttpRequest, scope: str, *, limit: int = 5, per: int = 60) -> str | None:
    """Count this submission to ``scope`` for the client's address; the refusal when past ``limit``.

    ``limit`` submissions per ``per`` seconds pass; the next is refused (a fixed window, counted
    by a conditional UPDATE so that concurrent requests cannot both take the last place). A body
    larger than ``MAX_BODY`` is refused before it is read.
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        return str(_("What you sent is too large (at most %(kb)d KB).") % {"kb": MAX_BODY // 1024})
    from gonghui.core.web.models import ThrottleCount

    now = timezone.now()
    window = now - timedelta(seconds=int(now.timestamp()) % per, microseconds=now.microsecond)
    client = _client_key(request)
    with transaction.atomic():
        ThrottleCount.objects.bulk_create(
            [ThrottleCount(scope=scope, client=client, window=window)], ignore_conflicts=True
        )
        counter = ThrottleCount.objects.filter(scope=scope, client=client, window=window)
        if counter.filter(count__lt=limit).update(count=F("count") + 1):
            return None
    return str(
        _(
            "Too many submissions from your address: at most %(limit)d in %(seconds)d seconds. "
            "Please wait and try again."
        )
        % {"limit": limit, "seconds": per}
    )


def throttle_prune(*, now: Any = None) -> int:
    """Remove the counters of windows that ended more than an hour ago (a periodic job)."""
    from gonghui.core.web.models import ThrottleCount

    cutoff = (now or timezone.now()) - timedelta(hours=1)
    deleted, _counts = ThrottleCount.objects.filter(window__lt=cutoff).delete()
    return deleted


class PublicForm(forms.Form):
    """A form a signed-out visitor fills in: a challenge, no markup, bounded text.

    Subclasses declare their fields as usual; ``challenge`` comes last. Text fields without a
    ``max_length`` get ``MAX_TEXT``; a value holding ``<`` or ``>`` is refused in every field,
    whatever its type, with the same message.
    """

    max_text = MAX_TEXT
    challenge = CaptchaField(
        label=_("Verification"),
        help_text=_("Type the result of the sum in the picture."),
        widget=CaptchaTextInput(
            attrs={"class": "form-control d-inline-block w-auto", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The challenge last, whatever order the subclass declared its fields in.
        self.order_fields([name for name in self.fields if name != "challenge"] + ["challenge"])
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = self.max_text
                field.validators.append(MaxLengthValidator(self.max_text))
                field.widget.attrs.setdefault("maxlength", str(self.max_text))

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        for name in self.fields:
            if name == "challenge":
                continue
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
            if any(isinstance(v, str) and any(mark in v for mark in MARKUP) for v in values):
                self.add_error(name, _("Angle brackets (< and >) are not allowed here: please write without them."))
