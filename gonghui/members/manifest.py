"""The member registry: workers, memberships, transfers, the member sheet (会员信息采集表)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.modules import Module, Nav

READ = ("members.view_worker", "members.view_membership", "members.view_membershipevent")
WRITE = ("members.add_worker", "members.change_worker", "members.add_membership", "members.change_membership")

MODULE = Module(
    name="members",
    label=_("Member registry"),
    url_prefix="members/",
    requires=("organisations",),
    section=_("Members"),
    navigation=(
        Nav(_("Workers and members"), "members:worker_list", "people", "members.view_worker", 40),
        Nav(_("Transfers"), "members:transfer_list", "arrow-left-right", "members.view_membership", 41),
        Nav(_("Members to follow up"), "members:follow_up_list", "person-exclamation", "members.change_membership", 42),
        Nav(_("Memberships"), "members:membership_list", "person-vcard", "members.view_membership", 43),
    ),
    grants={
        # Officers keep their union's members; township/sector staff and the county their subtree.
        Role.COUNTY_ADMIN: (*READ, *WRITE),
        Role.UNION_STAFF: (*READ, *WRITE),
        Role.GRASSROOTS_OFFICER: (*READ, *WRITE),
        # The assistance centre finds the worker behind a hardship file.
        Role.ASSISTANCE_CENTRE: READ,
        # Leaders read the figures and the memberships behind them (the measures' list), not worker records.
        Role.LEADER: ("members.view_membership",),
    },
    # The member sheet registers itself with the sheets pipeline on import; the lists' exports too.
    sheets=("gonghui.members.sheets", "gonghui.members.lists"),
    # Its key figures over any period (members, new members, women, migrant workers): measures.py.
    measures=("gonghui.members.measures.MEASURES",),
    demo=("gonghui.members.demo",),
    api=("gonghui.members.api",),
    # The worker's own home page: their membership and their member card.
    panels={"web.worker_home": ("gonghui.members.panels.MyMembership", "gonghui.members.panels.MyMemberCard")},
)
