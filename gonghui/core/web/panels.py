"""Object-page panels: a module shows its part of another module's object on that object's page.

The employer page (organisations) shows the employer's early warnings, disputes and hazards,
though organisations knows nothing of the modules that keep them. The page names a **slot**
and renders whatever panels the installed modules put there::

    {% load panels %}
    {% panels "organisations.employer" employer %}

A module declares its panels in its manifest, by dotted path (a manifest imports no models)::

    panels={"organisations.employer": ("gonghui.safety.panels.EmployerHazards",)},

and writes the panel as a class::

    class EmployerHazards(Panel):
        title = _("Safety hazards")
        perm = "safety.view_hazard"           # not shown to users without it
        order = 30                            # among the slot's panels
        template_name = "safety/_employer_hazards.html"

        def context(self, request, employer):
            hazards = selectors.hazards_for_user(request.user, employer=employer.pk)
            return {"hazards": hazards[:10], "count": hazards.count()}   # None: no panel

The panel reads its rows through its own module's selectors, scoped to the user looking, so
a panel can never show what its own list pages would not. The template gets the context with
``panel`` (the instance: its ``title``) and ``object`` added, inside the shared card markup
(``web/_panel.html``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


class Panel:
    """One module's panel on another module's object page (see the module docstring)."""

    title: Any = ""
    perm: str | None = None
    order: int = 100
    template_name: str = ""

    def visible(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        return self.perm is None or bool(user is not None and user.has_perm(self.perm))

    def context(self, request: HttpRequest, obj: Any) -> dict[str, Any] | None:
        """The template's context for ``obj``, or ``None`` to show nothing."""
        raise NotImplementedError

    def render(self, request: HttpRequest, obj: Any) -> str:
        if not self.visible(request):
            return ""
        context = self.context(request, obj)
        if context is None:
            return ""
        body = render_to_string(self.template_name, {**context, "panel": self, "object": obj}, request=request)
        return render_to_string("web/_panel.html", {"panel": self, "body": mark_safe(body)}, request=request)  # noqa: S308 (rendered by our own template)


_registry: dict[str, list[Panel]] = defaultdict(list)


def register(slot: str, panel: Panel) -> None:
    """Put ``panel`` in ``slot`` (from a manifest's ``panels``, when the module's app is ready)."""
    if any(type(existing) is type(panel) for existing in _registry[slot]):
        return
    _registry[slot].append(panel)
    _registry[slot].sort(key=lambda p: (p.order, type(p).__module__, type(p).__name__))


def panels(slot: str) -> list[Panel]:
    return list(_registry.get(slot, ()))


def render_slot(slot: str, request: HttpRequest, obj: Any) -> SafeString:
    """Every panel of ``slot`` that ``request.user`` may see, rendered for ``obj``."""
    return mark_safe("".join(panel.render(request, obj) for panel in panels(slot)))  # noqa: S308 (templates' own output)
