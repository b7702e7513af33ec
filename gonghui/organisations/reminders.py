"""The organisation module's reminders: committees whose re-election falls due (工会法 art. 16)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.web.reminders import Kind, Provider, Reminder
from gonghui.organisations import selectors
from gonghui.organisations.models import UnionProfile

RE_ELECTION = Kind(key="re-election", label=gettext_lazy("Re-elections due"))


class ReElectionReminders(Provider):
    """Unions in the user's subtree whose re-election falls due within 90 days or is past.

    For the roles that keep union profiles (``organisations.change_unionprofile``): the county
    administrator, union staff and grassroots officers. The leader sees the same unions on the
    "Re-elections due" list, as figures, but is not reminded: there is nothing for them to do.
    """

    due_field = "re_election_due"

    def kinds(self) -> list[Kind]:
        return [RE_ELECTION]

    def queryset(self, user: Any, today: date) -> QuerySet[UnionProfile] | None:
        if not user.has_perm("organisations.change_unionprofile"):
            return None
        return selectors.re_elections_due(user, today=today).order_by("re_election_due", "union_id")

    def reminders(self, rows: list[UnionProfile], user: Any, today: date) -> list[Reminder]:
        found = []
        for profile in rows:
            due = cast(date, profile.re_election_due)  # the queryset keeps only profiles with a date
            found.append(
                Reminder(
                    kind=RE_ELECTION,
                    due_on=due,
                    overdue=due < today,
                    title=profile.union.name,
                    url=reverse("organisations:union_profile", args=[profile.union_id]),
                    union=profile.union,
                    what=_("Committee re-election"),
                    detail=_("%(term)s term, elected on %(elected)s")
                    % {"term": profile.get_term_years_display(), "elected": f"{profile.elected_on:%Y-%m-%d}"},
                )
            )
        return found
