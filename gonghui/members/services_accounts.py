"""Accounts for workers (职工账号), made from the member registry.

Two ways, both starting from the worker's record (``Worker.account`` links the two):

* **The union makes it** (``worker_account_create``): staff of the union keeping the record
  create a worker-role account at that union; the user name is the member card number (or the
  mobile number when there is no card), the password a random one shown once to hand over, to
  be changed at the first sign-in.
* **The worker makes it** (``worker_account_activate``): staff issue a one-time code
  (``worker_activation_issue``: eight characters, valid seven days, only its hash kept) and
  hand it over; the worker opens the public activation page and gives their ID number, mobile
  number and the code, and chooses a password. Any mismatch gets one message that tells
  nothing about which part was wrong. A code for a worker who has an account already sets a
  new password on it (a forgotten password).

Every write is audited: the account's creation names the staff member (or no one, for the
worker's own activation), the code's issue names who issued it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.accounts.services import generate_password
from gonghui.core.audit.services import Action, audit_record
from gonghui.core.identifiers import normalise_id_number, normalise_mobile
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.scoping import system_scope
from gonghui.members.models import AccountActivation, Worker

ACTIVATION_DAYS = 7
CODE_LENGTH = 8
# No 0/O, 1/I/L: a code read aloud or copied from paper is typed right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MISMATCH = gettext_lazy(
    "These details do not match a valid activation code. Check your ID number, mobile number and "
    "the code your union gave you, or ask the union for a new code."
)


def _username_for(worker: Worker) -> str:
    """The account's user name: the member card number, else the mobile number."""
    if worker.card_number:
        return worker.card_number
    if worker.phone:
        return normalise_mobile(worker.phone)
    raise ValidationError(
        _("Record the worker's member card number or mobile number first: the account's user name is made from it.")
    )


def _new_worker_user(worker: Worker, *, password: str, must_change_password: bool) -> User:
    username = _username_for(worker)
    # unscoped: user names are unique across the whole platform
    if User.unscoped.filter(username__iexact=username).exists():
        raise ValidationError(
            _("The user name %(username)s is taken by another account: ask the security administrator.")
            % {"username": username}
        )
    user = User(
        username=username,
        full_name=worker.name,
        union=worker.union,
        role=Role.WORKER,
        must_change_password=must_change_password,
    )
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.full_clean()
    user.save()
    return user


def _link(worker: Worker, user: User) -> None:
    worker.account = user
    # unscoped: the record was found by the service's own checks; only the link is written
    Worker.unscoped.filter(pk=worker.pk).update(account=user)


@service(perm=("members.change_worker", "members.add_worker"))
def worker_account_create(*, actor: Actor, worker: Worker) -> tuple[User, str]:
    """Make the worker's account at the worker's union; returns it and its one-time password (shown once)."""
    check_scope(actor, worker.union)
    if worker.account_id is not None:
        raise ValidationError(_("This worker has an account already."))
    password = generate_password()
    user = _new_worker_user(worker, password=password, must_change_password=True)
    _link(worker, user)
    audit_record(
        Action.CREATE,
        obj=user,
        changes={"username": [None, user.username], "role": [None, Role.WORKER], "worker": [None, worker.pk]},
        note="worker account made from the member registry",
    )
    return user, password


def new_activation_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").upper()


@service(perm="members.change_worker")
def worker_activation_issue(*, actor: Actor, worker: Worker) -> tuple[AccountActivation, str]:
    """Issue a one-time activation code for ``worker`` (valid ``ACTIVATION_DAYS`` days); returns it in clear, once.

    Codes issued before and not used yet stop working: only the newest one counts.
    """
    check_scope(actor, worker.union)
    if worker.account_id is None:
        _username_for(worker)  # refuse now what the activation would refuse later
    now = timezone.now()
    # unscoped: the worker's own open codes, the worker being in the actor's scope (checked above)
    AccountActivation.unscoped.filter(worker=worker, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    code = new_activation_code()
    activation = AccountActivation.objects.create(
        worker=worker,
        union=worker.union,
        code_hash=make_password(code),
        expires_at=now + timedelta(days=ACTIVATION_DAYS),
        issued_by=actor,
    )
    audit_record(Action.CREATE, obj=activation, note="one-time activation code issued")
    return activation, code


@service(perm=None)  # the worker's own, signed out: the code, ID number and mobile are the proof
def worker_account_activate(*, actor: Actor, id_number: str, phone: str, code: str, password: str) -> User:
    """Make (or take back) the worker's account with a one-time code; ``ValidationError(MISMATCH)`` on any mismatch.

    The worker is found by the ID number's blind index; the mobile number must be the one on
    the record and the code the newest valid one issued for that worker. The password is the
    worker's own choice (no change forced at the first sign-in).
    """
    now = timezone.now()
    with system_scope("a worker activates their own account with a one-time code"):
        # unscoped: found by the worker's own ID number, the code proves the rest
        worker = (
            # unscoped: found by the worker's own ID number, the code proves the rest
            Worker.unscoped.select_related("union", "account")
            .filter(id_number__matches=normalise_id_number(id_number or ""))
            .first()
        )
        given_phone = normalise_mobile(phone or "")
        activation = None
        if worker is not None and worker.phone and given_phone and normalise_mobile(worker.phone) == given_phone:
            # unscoped: the newest open code of the worker found above
            activation = (
                # unscoped: the newest open code of the worker found above
                AccountActivation.unscoped.filter(worker=worker, used_at__isnull=True, expires_at__gt=now)
                .order_by("-created_at", "-id")
                .first()
            )
        if activation is None or not check_password(normalise_code(code), activation.code_hash):
            if activation is None:
                make_password(code)  # as slow as a real check: the time tells nothing either
            raise ValidationError(str(MISMATCH))
        assert worker is not None
        # unscoped: the code was used; it never works again
        AccountActivation.unscoped.filter(pk=activation.pk).update(used_at=now)
        user = worker.account
        if user is not None and user.role == Role.WORKER:
            validate_password(password, user)
            user.set_password(password)
            user.password_changed_at = now
            user.must_change_password = False
            user.save(update_fields=["password", "password_changed_at", "must_change_password"])
            audit_record(
                Action.PASSWORD_RESET, obj=user, actor=None, note="worker set a new password with a one-time code"
            )
            return user
        if user is not None:
            raise ValidationError(str(MISMATCH))
        user = _new_worker_user(worker, password=password, must_change_password=False)
        _link(worker, user)
        audit_record(
            Action.CREATE,
            obj=user,
            actor=None,
            changes={"username": [None, user.username], "role": [None, Role.WORKER], "worker": [None, worker.pk]},
            note="worker account activated with a one-time code",
        )
        return user
