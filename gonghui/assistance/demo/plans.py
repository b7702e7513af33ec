"""What the builder plans before it writes: candidates, households and their members, the accounts acting."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from gonghui.assistance.models import Disbursement, HardshipFile, HouseholdMember
from gonghui.assistance.workflows import FileState
from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.tree.models import Union
from gonghui.core.workflow.history import Step

# --- Plans ---------------------------------------------------------------------------------------


@dataclass
class AssistanceBuilt:
    """What the assistance step left: files by state, and the batch waiting for approval."""

    files: int
    states: dict[str, int]
    pending_batch: Disbursement | None


@dataclass
class Candidate:
    id: int
    name: str
    male: bool
    birth: date
    category: str
    union_id: int
    union_path: str
    division_id: str | None
    retired: bool
    joined: date
    age: int  # today


@dataclass
class Member:
    obj: HouseholdMember
    earns: float = 0.0  # weight in the household's income
    consent: bool = False


@dataclass
class Household:
    file: HardshipFile
    worker: Candidate
    township: Union
    applied: date
    steps: list[Step] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)

    @property
    def size(self) -> int:
        return 1 + len(self.members)

    def filed_during(self, day: date) -> bool:
        """Whether the file was filed (and not yet exited) on ``day``."""
        file = self.file
        return (
            file.filed_on is not None
            and file.filed_on <= day
            and (file.exited_on is None or file.exited_on > day)
            and file.state in (FileState.FILED, FileState.EXITED)
        )


class Accounts:
    """The demo accounts who act in the history, by role and union (first by username)."""

    def __init__(self, county: Union) -> None:
        users = list(
            # unscoped: the demo county is built in a system scope, for every union
            User.unscoped.filter(is_active=True)
            .select_related("union")
            .order_by("username")
            .only("id", "username", "full_name", "role", "union__path", "union_id")
        )
        self.by_role_union: dict[tuple[str, int], list[User]] = defaultdict(list)
        for user in users:
            if user.union_id is not None:
                self.by_role_union[(user.role, user.union_id)].append(user)
        self.centre = self.first(Role.ASSISTANCE_CENTRE, county)
        self.county_admin = self.first(Role.COUNTY_ADMIN, county)

    def first(self, role: str, union: Union | int) -> User | None:
        key = union if isinstance(union, int) else union.pk
        found = self.by_role_union.get((role, key))
        return found[0] if found else None

    def staff(self, township: Union) -> list[User]:
        return self.by_role_union.get((Role.UNION_STAFF, township.pk), [])

    def local(self, union_id: int, township: Union) -> User | None:
        officer = self.first(Role.GRASSROOTS_OFFICER, union_id)
        if officer is not None:
            return officer
        staff = self.staff(township)
        return staff[0] if staff else self.county_admin

    def batch_people(self, township: Union) -> tuple[User | None, User | None, User | None]:
        """Maker, checker, approver of a township's batch: three different accounts where possible."""
        staff = self.staff(township)
        maker = staff[0] if staff else self.county_admin
        checker = staff[1] if len(staff) > 1 else self.county_admin
        if checker is not None and maker is not None and checker.pk == maker.pk:
            checker = self.centre
        approver = self.centre
        if approver is not None and maker is not None and approver.pk == maker.pk:
            approver = self.county_admin
        return maker, checker, approver


def _id(user: User | None) -> int | None:
    return user.pk if user is not None else None
