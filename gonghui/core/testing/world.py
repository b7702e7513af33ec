"""One small shared world for the tests, built once per test database.

    测试县总工会 (county)                 alice  county administrator, sam security, audrey audit,
    │                                    leo leader, ann assistance centre
    ├── 甲镇总工会 ALPHA7F3 (township A)   bob    union staff
    │   ├── 丙公司工会 ALPHA7F3 (grassroots C)  carol officer, wendy worker
    │   └── 甲镇联合工会 ALPHA7F3 (joint)
    └── 乙镇总工会 (township B)            bea union staff, sid security, aud audit
        └── 丁公司工会 (grassroots D)       dan officer, will worker

Everything in township A's subtree carries the marker ``ALPHA7F3`` in its name, so a page
shown to someone in township B that contains the marker has leaked (see ``leakwalker``).
"""

from __future__ import annotations

from dataclasses import dataclass

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.accounts.services import user_create
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.tree.services import union_create

MARKER = "ALPHA7F3"
PASSWORD = "Test#Pass2026"  # noqa: S105


@dataclass
class World:
    county: Union
    township_a: Union
    union_c: Union
    joint_a: Union
    township_b: Union
    union_d: Union
    alice: User
    bob: User
    carol: User
    wendy: User
    bea: User
    dan: User
    will: User
    sam: User
    audrey: User
    leo: User
    ann: User
    sid: User
    aud: User

    @property
    def intruders(self) -> list[User]:
        """Users of township B's subtree, one per role that could reach township A's data."""
        return [self.bea, self.dan, self.will, self.sid, self.aud]


ACCOUNTS = {
    # name: (full name, role, union attribute)
    "alice": ("艾丽丝", Role.COUNTY_ADMIN, "county"),
    "sam": ("孙安全", Role.SECURITY_ADMIN, "county"),
    "audrey": ("吴审计", Role.AUDIT_ADMIN, "county"),
    "leo": ("刘领导", Role.LEADER, "county"),
    "ann": ("安帮扶", Role.ASSISTANCE_CENTRE, "county"),
    "bob": (f"鲍勃{MARKER}", Role.UNION_STAFF, "township_a"),
    "carol": (f"卡罗尔{MARKER}", Role.GRASSROOTS_OFFICER, "union_c"),
    "wendy": (f"温迪{MARKER}", Role.WORKER, "union_c"),
    "bea": ("贝娅", Role.UNION_STAFF, "township_b"),
    "dan": ("丹", Role.GRASSROOTS_OFFICER, "union_d"),
    "will": ("威尔", Role.WORKER, "union_d"),
    "sid": ("司安全", Role.SECURITY_ADMIN, "township_b"),
    "aud": ("欧审计", Role.AUDIT_ADMIN, "township_b"),
}
USERNAMES = {
    name: (f"{name}_{MARKER.lower()}" if union_attr in {"township_a", "union_c"} else name)
    for name, (_full, _role, union_attr) in ACCOUNTS.items()
}


def build_world() -> None:
    with system_scope("building the test world"):
        county = union_create(actor=None, parent=None, name="测试县总工会", kind=Union.Kind.COUNTY)
        a = union_create(
            actor=None,
            parent=county,
            name=f"甲镇总工会{MARKER}",
            kind=Union.Kind.TOWNSHIP,
            credit_code="81339901MA0000001P",
        )
        unions = {"county": county, "township_a": a}
        unions["union_c"] = union_create(
            actor=None, parent=a, name=f"丙公司工会委员会{MARKER}", kind=Union.Kind.GRASSROOTS
        )
        unions["joint_a"] = union_create(
            actor=None, parent=a, name=f"甲镇联合工会委员会{MARKER}", kind=Union.Kind.JOINT
        )
        b = union_create(actor=None, parent=county, name="乙镇总工会", kind=Union.Kind.TOWNSHIP)
        unions["township_b"] = b
        unions["union_d"] = union_create(actor=None, parent=b, name="丁公司工会委员会", kind=Union.Kind.GRASSROOTS)
        for name, (full_name, role, union_attr) in ACCOUNTS.items():
            user_create(
                actor=None,
                username=USERNAMES[name],
                full_name=full_name,
                union=unions[union_attr],
                role=role,
                password=PASSWORD,
                phone="13812345678",
                must_change_password=False,
            )


def load_world() -> World:
    with system_scope("loading the test world"):
        unions = {u.name: u for u in Union.unscoped.all()}
        users = {u.username: u for u in User.unscoped.select_related("union")}
    return World(
        county=unions["测试县总工会"],
        township_a=unions[f"甲镇总工会{MARKER}"],
        union_c=unions[f"丙公司工会委员会{MARKER}"],
        joint_a=unions[f"甲镇联合工会委员会{MARKER}"],
        township_b=unions["乙镇总工会"],
        union_d=unions["丁公司工会委员会"],
        **{name: users[USERNAMES[name]] for name in ACCOUNTS},
    )
