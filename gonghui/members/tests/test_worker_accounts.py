"""Accounts for workers: the link to the registry, made by staff, or by the worker with a one-time code."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.audit.models import AuditEvent
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web.models import ThrottleCount
from gonghui.members import services
from gonghui.members.models import Worker
from gonghui.members.selectors import worker_for_account
from gonghui.members.services_accounts import (
    ACTIVATION_DAYS,
    MISMATCH,
    worker_account_activate,
    worker_account_create,
    worker_activation_issue,
)
from gonghui.members.tests.factories import id_number, make_worker

PASSWORD = "Ziji#Mima2026"
PHONE = "13912345678"


@pytest.fixture
def li(world):
    worker = make_worker(world.carol, world.union_c, name="李四", phone=PHONE, id_number=id_number())
    services.membership_join(
        actor=world.carol, worker=worker, union=world.union_c, on=timezone.localdate() - timedelta(days=60)
    )
    worker.refresh_from_db()
    return worker


def _stored(worker: Worker) -> Worker:
    with system_scope("test"):
        return Worker.unscoped.select_related("account").get(pk=worker.pk)


# --- The link --------------------------------------------------------------------------------------


def test_worker_for_account_is_the_linked_record_of_a_worker_account_only(world, li):
    with system_scope("test"):
        Worker.unscoped.filter(pk=li.pk).update(account=world.wendy)
    assert worker_for_account(world.wendy) == li
    assert worker_for_account(world.will) is None  # a worker without a linked record
    assert worker_for_account(world.carol) is None  # staff are not workers
    with system_scope("test"):
        Worker.unscoped.filter(pk=li.pk).update(account=world.carol)
    assert worker_for_account(world.carol) is None  # even when (wrongly) linked, staff get nothing


def test_the_account_link_is_cleared_when_the_account_goes(world, li):
    user = User.unscoped.create(username="gone", full_name="x", union=world.union_c, role=Role.WORKER)
    with system_scope("test"):
        Worker.unscoped.filter(pk=li.pk).update(account=user)
        user.delete()
    assert _stored(li).account_id is None


# --- Made by staff ---------------------------------------------------------------------------------


def test_staff_make_the_account_from_the_card_number_with_a_one_time_password(world, li):
    user, password = worker_account_create(actor=world.carol, worker=li)
    assert user.username == li.card_number
    assert user.role == Role.WORKER
    assert user.union == world.union_c
    assert user.full_name == "李四"
    assert user.must_change_password
    assert user.check_password(password)
    assert _stored(li).account == user
    assert worker_for_account(user) == li
    with system_scope("test"):
        row = AuditEvent.objects.get(action="create", object_id=str(user.pk))
    assert row.actor == world.carol
    with translation.override("en"), pytest.raises(ValidationError, match="has an account"):
        worker_account_create(actor=world.carol, worker=_stored(li))


def test_without_a_card_the_user_name_is_the_mobile_and_without_either_it_is_refused(world):
    phone_only = make_worker(world.carol, world.union_c, name="王五", phone="+86 139 0000 1111")
    user, _password = worker_account_create(actor=world.carol, worker=phone_only)
    assert user.username == "13900001111"
    nothing = make_worker(world.carol, world.union_c, name="赵六")
    with translation.override("en"), pytest.raises(ValidationError, match="card number or mobile"):
        worker_account_create(actor=world.carol, worker=nothing)


def test_staff_outside_the_workers_union_cannot_make_the_account(world, li):
    with pytest.raises(Http404):
        worker_account_create(actor=world.dan, worker=li)
    with pytest.raises(Http404):
        worker_activation_issue(actor=world.dan, worker=li)
    with pytest.raises(PermissionDenied):
        worker_account_create(actor=world.wendy, worker=li)  # a worker holds no such permission
    assert _stored(li).account_id is None


def test_the_worker_page_makes_the_account_and_shows_the_password_once(world, client_for, li):
    carol = client_for(world.carol)
    page = carol.get(reverse("members:worker_detail", args=[li.pk]))
    assert 'data-testid="account-create"' in page.content.decode()
    response = carol.post(reverse("members:account_create", args=[li.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    user = _stored(li).account
    assert user is not None
    assert user.username in response.content.decode()
    # another township's officer: no such worker for them
    assert client_for(world.dan).post(reverse("members:account_create", args=[li.pk])).status_code == 404
    assert client_for(world.dan).post(reverse("members:activation_issue", args=[li.pk])).status_code == 404


# --- Made by the worker with a one-time code ----------------------------------------------------------


def _activate(client: Client, worker: Worker, code: str, **overrides: str):
    data = {
        "id_number": worker.id_number,
        "phone": PHONE,
        "code": code,
        "password": PASSWORD,
        "password_again": PASSWORD,
        "challenge_0": "x",
        "challenge_1": "PASSED",
    }
    data.update(overrides)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages compared below are the English ones
    return client.post(reverse("members:activate"), data)


def test_a_code_is_hashed_shown_once_and_valid_seven_days(world, li):
    activation, code = worker_activation_issue(actor=world.carol, worker=li)
    assert len(code) == 8
    assert code not in activation.code_hash
    assert activation.expires_at - timezone.now() > timedelta(days=ACTIVATION_DAYS) - timedelta(minutes=1)
    with system_scope("test"):
        assert AuditEvent.objects.filter(action="create", object_id=str(activation.pk), actor=world.carol).exists()


def test_the_worker_activates_with_the_right_code_and_signs_in(world, li):
    _activation, code = worker_activation_issue(actor=world.carol, worker=li)
    response = _activate(Client(), li, code.lower())  # case and spaces do not matter
    assert response.status_code == 200
    assert 'data-testid="activate-done"' in response.content.decode()
    user = _stored(li).account
    assert user is not None
    assert user.role == Role.WORKER
    assert not user.must_change_password
    assert user.username in response.content.decode()
    assert user.check_password(PASSWORD)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("members:my_card")).status_code == 200
    # the code works once
    assert "activate-done" not in _activate(Client(), li, code).content.decode()


@pytest.mark.parametrize("wrong", ["code", "phone", "id_number"])
def test_any_mismatch_gets_one_message_and_writes_nothing(world, li, wrong):
    _activation, code = worker_activation_issue(actor=world.carol, worker=li)
    given = "ABCDEFGH" if code != "ABCDEFGH" else "HGFEDCBA"
    overrides = {"phone": {"phone": "13900009999"}, "id_number": {"id_number": id_number()}}.get(wrong, {})
    response = _activate(Client(), li, given if wrong == "code" else code, **overrides)
    assert response.status_code == 200
    assert str(MISMATCH) in response.content.decode()
    assert _stored(li).account_id is None
    # unscoped: the test's own check
    assert not User.unscoped.filter(username=li.card_number).exists()


def test_an_expired_code_is_refused(world, li):
    _activation, code = worker_activation_issue(actor=world.carol, worker=li)
    later = timezone.now() + timedelta(days=ACTIVATION_DAYS, minutes=1)
    with time_machine.travel(later), pytest.raises(ValidationError) as refused:
        worker_account_activate(actor=None, id_number=li.id_number, phone=PHONE, code=code, password=PASSWORD)
    assert refused.value.messages == [str(MISMATCH)]
    assert _stored(li).account_id is None


def test_a_new_code_voids_the_older_one(world, li):
    _first, old = worker_activation_issue(actor=world.carol, worker=li)
    _second, new = worker_activation_issue(actor=world.carol, worker=li)
    with pytest.raises(ValidationError):
        worker_account_activate(actor=None, id_number=li.id_number, phone=PHONE, code=old, password=PASSWORD)
    user = worker_account_activate(actor=None, id_number=li.id_number, phone=PHONE, code=new, password=PASSWORD)
    assert user.check_password(PASSWORD)


def test_a_code_for_a_worker_with_an_account_sets_a_new_password_on_it(world, li):
    user, _password = worker_account_create(actor=world.carol, worker=li)
    _activation, code = worker_activation_issue(actor=world.carol, worker=_stored(li))
    again = worker_account_activate(actor=None, id_number=li.id_number, phone=PHONE, code=code, password=PASSWORD)
    assert again.pk == user.pk
    assert again.check_password(PASSWORD)
    assert not again.must_change_password
    # unscoped: the test's own count
    assert User.unscoped.filter(role=Role.WORKER, full_name="李四").count() == 1


def test_the_sixth_attempt_in_a_minute_is_refused_before_anything_is_read(world, li):
    _activation, code = worker_activation_issue(actor=world.carol, worker=li)
    client = Client()
    for _ in range(5):
        response = _activate(client, li, "WRONGCDE")
        assert str(MISMATCH) in response.content.decode()
    response = _activate(client, li, code)  # the right code, but the sixth attempt
    assert "Too many submissions" in response.content.decode()
    assert "activate-done" not in response.content.decode()
    assert _stored(li).account_id is None
    assert ThrottleCount.objects.filter(scope="members.activate").exists()


def test_the_activation_page_is_public_and_refuses_markup(world, li):
    client = Client()
    page = client.get(reverse("members:activate"))
    assert page.status_code == 200
    _activation, code = worker_activation_issue(actor=world.carol, worker=li)
    response = _activate(client, li, code, phone="<script>")
    assert "activate-done" not in response.content.decode()
    assert _stored(li).account_id is None
