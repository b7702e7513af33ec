"""Back-dated workflow history of a hardship file: the notice deadline by the services' own rule."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import translation

from gonghui.assistance import services as assistance_services
from gonghui.assistance.demo.tables import _notice
from gonghui.assistance.models import HardshipFile
from gonghui.assistance.workflows import NOTICE_BASIS
from gonghui.core.calendar import statutory
from gonghui.core.testing.world import World
from gonghui.core.workflow.history import Step, backdated_history

TODAY = date(2026, 11, 24)


def test_the_notice_deadline_is_the_services_notice_end_with_its_basis_in_the_installations_language(
    world: World,
) -> None:
    # given a file published on a day, its notice as the service counts it
    starts = date(2026, 9, 28)  # the National Day holiday follows: working days skip it
    ends = assistance_services.notice_end(starts, settings.GONGHUI_NOTICE_WORKING_DAYS)
    file = HardshipFile(pk=777, union_id=world.union_c.pk, notice_starts=starts, notice_ends=ends)
    steps = [
        Step(date(2026, 9, 1), "start"),
        Step(date(2026, 9, 8), "check"),
        Step(date(2026, 9, 15), "visit"),
        Step(date(2026, 9, 22), "verify"),
        Step(starts, "publish"),
    ]
    # when its history is written while an English page is being served
    with translation.override("en"):
        history = backdated_history(file, steps, today=TODAY)
    # then the deadline falls on the notice's last day, and its basis is stored in Chinese
    assert history.deadline is not None
    assert history.deadline.due_on == ends
    with translation.override(settings.LANGUAGE_CODE):
        basis = str(NOTICE_BASIS)
    assert history.deadline.rule_basis == basis != "counted from the first day of the notice"


def test_the_demo_publishes_a_notice_only_as_the_service_would() -> None:
    # given the last days of the last year the statutory calendar knows
    last_year = max(statutory.coverage())
    for day in (date(last_year, 6, 1), date(last_year, 12, 24), date(last_year, 12, 31)):
        # when the demo publishes a notice that day
        starts, ends = _notice(day)
        # then the notice is one the service accepts: it ends as the service counts it, in a known
        # year (a notice into an unknown year is refused, so the demo publishes it earlier)
        assert starts <= day
        assert ends == assistance_services.notice_end(starts, settings.GONGHUI_NOTICE_WORKING_DAYS)
        assert ends.year == last_year
