"""Honours (评选表彰, 劳模): what the core needs to know of the module (core/modules; docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

READ = (
    "honours.view_awardcampaign",
    "honours.view_quota",
    "honours.view_nomination",
    "honours.view_objection",
    "honours.view_modelworker",
    "honours.view_carerecord",
    "honours.view_allowancerate",
    "honours.view_reststaybatch",
)
NOMINATE = ("honours.add_nomination", "honours.change_nomination")
ORGANISE = (
    "honours.add_awardcampaign",
    "honours.change_awardcampaign",
    "honours.change_objection",
    "honours.add_modelworker",
    "honours.change_modelworker",
    "honours.add_carerecord",
    "honours.change_allowancerate",
    "honours.add_reststaybatch",
)

MODULE = Module(
    name="honours",
    label=_("Honours"),
    url_prefix="honours/",
    # The modules this one stands on and may import (their models, selectors and services).
    requires=("organisations", "members", "assistance", "democracy", "rights", "safety"),
    section=_("Competitions and commendation"),
    navigation=(
        Nav(_("Award campaigns"), "honours:campaign_list", "award", "honours.view_awardcampaign", 90),
        Nav(_("Nominations"), "honours:nomination_list", "person-check", "honours.view_nomination", 91),
        Nav(_("Model workers"), "honours:model_worker_list", "star", "honours.view_modelworker", 92),
        Nav(_("Model-worker care"), "honours:care_list", "heart", "honours.view_carerecord", 93),
        Nav(_("Rest stays"), "honours:batch_list", "tree", "honours.view_reststaybatch", 94),
        Nav(_("Honours figures"), "honours:figures", "graph-up", "honours.view_nomination", 95),
    ),
    # The county and the townships organise campaigns and keep the model-worker register;
    # grassroots unions nominate and record the care they give; the leader reads.
    grants={
        Role.COUNTY_ADMIN: (*READ, *NOMINATE, *ORGANISE),
        Role.UNION_STAFF: (*READ, *NOMINATE, *ORGANISE),
        Role.GRASSROOTS_OFFICER: (*READ, *NOMINATE, "honours.add_carerecord"),
        Role.LEADER: READ,
    },
    reminders={
        "honours.visit": "gonghui.honours.reminders.VisitReminders",
        "honours.health": "gonghui.honours.reminders.HealthCheckReminders",
    },
    sheets=("gonghui.honours.lists", "gonghui.honours.sheets"),
    figures=("gonghui.honours.figures.HonoursFigures",),
    measures=("gonghui.honours.measures.MEASURES",),
    demo=("gonghui.honours.demo",),
    api=("gonghui.honours.api",),
)
