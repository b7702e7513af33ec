"""Demo step: accounts for every role, and staff for every township and many grassroots unions."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.demo import names
from gonghui.core.demo.registry import DemoContext, demo_step


def person_name(ctx: DemoContext) -> str:
    return names.person_name(ctx.rng)


def phone(ctx: DemoContext) -> str:
    return names.mobile(ctx.rng)


@demo_step(20, "accounts")
def build_accounts(ctx: DemoContext) -> None:
    tree = ctx.county
    county = tree.county
    first_township = tree.townships[0]
    home_union = tree.below(first_township, tree.grassroots)[0]
    other_township = tree.townships[1]
    other_union = tree.below(other_township, tree.grassroots)[0]
    # One hash for every demo account: Argon2 is slow on purpose, and a thousand hashes
    # of the same password would only cost start-up time.
    password = make_password(ctx.password)
    now = timezone.now()
    printed = [
        ("demo_county_admin", Role.COUNTY_ADMIN, county),
        ("demo_township", Role.UNION_STAFF, first_township),
        ("demo_grassroots", Role.GRASSROOTS_OFFICER, home_union),
        ("demo_grassroots_other", Role.GRASSROOTS_OFFICER, other_union),
        ("demo_assistance", Role.ASSISTANCE_CENTRE, county),
        ("demo_leader", Role.LEADER, county),
        ("demo_security", Role.SECURITY_ADMIN, county),
        ("demo_audit", Role.AUDIT_ADMIN, county),
        ("demo_worker", Role.WORKER, home_union),
    ]
    accounts = [
        User(
            username=username,
            full_name=person_name(ctx),
            role=role,
            union=union,
            phone=phone(ctx),
            password=password,
            password_changed_at=now,
        )
        for username, role, union in printed
    ]
    for i, township in enumerate(tree.townships, start=1):
        accounts.append(
            User(
                username=f"township{i:03d}",
                full_name=person_name(ctx),
                role=Role.UNION_STAFF,
                union=township,
                phone=phone(ctx),
                password=password,
                password_changed_at=now,
            )
        )
    officers = ctx.rng.sample(tree.grassroots, k=min(len(tree.grassroots), 60))
    for i, union in enumerate(officers, start=1):
        accounts.append(
            User(
                username=f"officer{i:04d}",
                full_name=person_name(ctx),
                role=Role.GRASSROOTS_OFFICER,
                union=union,
                phone=phone(ctx),
                password=password,
                password_changed_at=now,
            )
        )
    User.unscoped.bulk_create(accounts, batch_size=500)
    tree.logins = [username for username, _role, _union in printed]
    ctx.write(f"    {len(accounts)} accounts")
