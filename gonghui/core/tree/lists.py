"""The union tree as a list: its filters, its pages and its export (the ``unions`` sheet)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.core.tree import selectors
from gonghui.core.tree.models import Union
from gonghui.core.web.lists import FilterForm, ListDef, choice, search


class UnionFilters(FilterForm):
    q = search(_("name or credit code"), testid="union-search")
    kind = choice(_("kind"), Union.Kind.choices)


UNIONS = ListDef(rows=selectors.unions_for_user, filters=UnionFilters, export="unions")
