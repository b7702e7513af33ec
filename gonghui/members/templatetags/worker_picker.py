"""The worker picker's per-row pieces (``members/_worker_picker.html``): the action's URL, its question, its test id."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def worker_pick_url(name: str, worker_id: int, within: Any = None, query: str = "") -> str:
    """The URL of a picker's action for one worker.

    ``name`` is reversed with ``within`` (the caller's object, e.g. the course, when its URL
    names one) and the worker's id; with ``query``, the worker's id goes in that query
    parameter instead (``/employment/seekers/add/?worker=7``).
    """
    args = [] if within in (None, "") else [within]
    if query:
        return f"{reverse(name, args=args)}?{urlencode({query: worker_id})}"
    return reverse(name, args=[*args, worker_id])


@register.filter
def for_worker(text: Any, worker: Any) -> str:
    """A picker's confirmation for one worker: ``%(name)s`` in ``text`` becomes the worker's name."""
    return str(text).replace("%(name)s", worker.name)


@register.filter
def worker_testid(testid: str, worker: Any) -> str:
    """A row's test id: ``testid``, with the worker's id appended when it ends in a hyphen (``enter-7``)."""
    return f"{testid}{worker.pk}" if testid.endswith("-") else testid
