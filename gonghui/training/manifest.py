"""Skills training (技能培训): what the core needs to know of the module (core/modules; docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

READ = ("training.view_course", "training.view_enrolment", "training.view_attendance")
WRITE = (
    "training.add_course",
    "training.change_course",
    "training.add_enrolment",
    "training.change_enrolment",
)
FIGURES = ("training.view_figures",)

MODULE = Module(
    name="training",
    label=_("Skills training"),
    url_prefix="training/",
    # The modules this one stands on and may import (their models, selectors and services).
    requires=("organisations", "members"),
    section=_("Services to workers"),
    navigation=(
        Nav(_("Training courses"), "training:course_list", "mortarboard", "training.view_course", 90),
        Nav(_("Trainees"), "training:enrolment_list", "people", "training.view_enrolment", 91),
        Nav(_("Training figures"), "training:figures", "graph-up", "training.view_figures", 92),
    ),
    # Unions at every level organise courses for the workers of their subtree and record who took
    # part; the leader reads (no change). A worker holds no permission: their own pages
    # (``training:my``, reached from the home page's panel) read their registry record only.
    grants={
        Role.COUNTY_ADMIN: (*READ, *WRITE, *FIGURES),
        Role.UNION_STAFF: (*READ, *WRITE, *FIGURES),
        Role.GRASSROOTS_OFFICER: (*READ, *WRITE),
        # the lists behind the dashboard's measures and their rows' pages; personal data stays masked
        Role.LEADER: (*READ, *FIGURES),
    },
    sheets=("gonghui.training.lists",),
    figures=("gonghui.training.figures.TrainingFigures",),
    measures=("gonghui.training.measures.MEASURES",),
    demo=("gonghui.training.demo",),
    # Its API under /api/v1/training/: the same lists, selectors, forms and services (core/api).
    api=("gonghui.training.api",),
    panels={"web.worker_home": ("gonghui.training.panels.WorkerTraining",)},
)
