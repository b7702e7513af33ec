"""Leak-walker samplers of the surveys pages (objects in township A's subtree).

The sample campaign is opened by township A itself and assigned to it, so the campaign, its
board and the assignment's work list all lie in township A's subtree and show its name (the
marker). A visit to union C's employer makes the lists carry the marker too.
"""

from __future__ import annotations

from django.utils import timezone

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations.models import Employer, Survey, SurveyAssignment, SurveyVisit


def _sample_assignment(world: World) -> SurveyAssignment:
    with system_scope("leak-walker sample data"):
        today = timezone.localdate()
        survey, _ = Survey.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            union=world.township_a,
            name=f"甲镇普查{MARKER}",
            defaults={"starts_on": today, "ends_on": today, "notes": f"走访说明{MARKER}"},
        )
        # unscoped: township A's sample rows for the leak walker
        assignment, _ = SurveyAssignment.unscoped.get_or_create(
            survey=survey, union=world.township_a, defaults={"target": 1}
        )
        # unscoped: township A's sample rows for the leak walker
        employer = Employer.unscoped.filter(union__path__startswith=world.township_a.path).first()
        if employer is None:
            # unscoped: township A's sample rows for the leak walker
            employer = Employer.unscoped.create(union=world.township_a, name=f"甲镇小店{MARKER}", headcount=8)
        SurveyVisit.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            assignment=assignment,
            employer=employer,
            defaults={
                "union": world.township_a,
                "visited_on": today,
                "visitors": f"鲍勃{MARKER}",
                "headcount_found": employer.headcount,
                "union_status_found": employer.union_status,
            },
        )
    return assignment


@leakwalker.sampler("survey_id")
def _survey(world: World) -> int:
    return _sample_assignment(world).survey_id


@leakwalker.sampler("assignment_id")
def _assignment(world: World) -> int:
    return _sample_assignment(world).pk
