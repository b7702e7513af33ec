"""The worker's own pages: membership, member card with its QR code, the card check; nothing of anyone else."""

from __future__ import annotations

import base64
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.core import signing
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from gonghui.core.tree.scoping import system_scope
from gonghui.members import services
from gonghui.members.cards import CARD_SALT, card_check_url, card_reference, card_worker_id
from gonghui.members.models import Membership, Worker
from gonghui.members.selectors_mine import CardCheck, card_check, get_my_card
from gonghui.members.tests.factories import id_number, make_worker, with_check_digit

ID_NUMBER = with_check_digit("11010119900307001")


@pytest.fixture
def wendys_record(world):
    """Wendy (a worker account of union C) linked to her record: a member for two years, dues paid, a card."""
    worker = make_worker(world.carol, world.union_c, name="温迪", phone="13700001234", id_number=ID_NUMBER)
    today = timezone.localdate()
    membership = services.membership_join(
        actor=world.carol, worker=worker, union=world.union_c, on=today - timedelta(days=730)
    )
    with system_scope("test"):
        Membership.unscoped.filter(pk=membership.pk).update(
            last_dues_on=today - timedelta(days=20), last_seen_on=today - timedelta(days=20)
        )
        Worker.unscoped.filter(pk=worker.pk).update(account=world.wendy)
        return Worker.unscoped.get(pk=worker.pk)


@pytest.fixture
def wills_record(world):
    worker = make_worker(world.dan, world.union_d, name="威尔", phone="13700005678", id_number=id_number())
    services.membership_join(actor=world.dan, worker=worker, union=world.union_d, on=timezone.localdate())
    with system_scope("test"):
        Worker.unscoped.filter(pk=worker.pk).update(account=world.will)
        return Worker.unscoped.get(pk=worker.pk)


def test_my_membership_shows_union_card_joining_and_dues(world, client_for, wendys_record):
    page = client_for(world.wendy).get(reverse("members:my_membership"))
    assert page.status_code == 200
    text = page.content.decode()
    assert world.union_c.name in text
    assert wendys_record.card_number in text
    assert (timezone.localdate() - timedelta(days=730)).isoformat() in text
    assert (timezone.localdate() - timedelta(days=20)).isoformat() in text
    assert 'data-testid="mine-dues-overdue"' not in text
    assert ID_NUMBER not in text
    assert "13700001234" not in text


def test_the_transfer_history_is_on_my_membership(world, client_for, wendys_record):
    with system_scope("test"):
        membership = Membership.unscoped.get(worker=wendys_record, status="active")
    services.membership_transfer(
        actor=world.alice, membership=membership, to_union=world.union_d, on=timezone.localdate()
    )
    text = client_for(world.wendy).get(reverse("members:my_membership")).content.decode()
    assert 'data-testid="mine-transfers"' in text
    assert world.union_d.name in text


def test_an_unlinked_worker_is_told_so(world, client_for):
    page = client_for(world.wendy).get(reverse("members:my_membership"))
    assert page.status_code == 200
    assert 'data-testid="mine-unlinked"' in page.content.decode()
    assert 'data-testid="card-none"' in client_for(world.wendy).get(reverse("members:my_card")).content.decode()


def test_the_card_shows_name_union_number_and_a_qr_code(world, client_for, wendys_record):
    page = client_for(world.wendy).get(reverse("members:my_card"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "温迪" in text
    assert world.union_c.name in text
    assert wendys_record.card_number in text
    assert 'data-testid="card-qr"' in text
    assert 'src="data:image/svg+xml' in text
    assert "no-store" in page["Cache-Control"]
    same = client_for(world.wendy).get(reverse("members:card", args=[wendys_record.pk]))
    assert same.status_code == 200


def test_the_qr_code_holds_only_the_check_address_and_a_signed_reference(world, wendys_record):
    request = RequestFactory().get("/")
    payload = card_check_url(request, wendys_record.pk)
    parts = urlsplit(payload)
    assert parts.path == reverse("members:card_check")
    ref = parse_qs(parts.query)["ref"][0]
    assert card_worker_id(ref) == wendys_record.pk
    for personal in ("温迪", ID_NUMBER, "13700001234", wendys_record.card_number):
        assert personal not in unquote(payload)
    value, _signature = ref.split(":", 1)
    assert value == f"w{wendys_record.pk}"  # the record's id and nothing else
    assert base64.urlsafe_b64decode(_signature + "=" * (-len(_signature) % 4))  # a signature, no data


def test_a_tampered_or_foreign_reference_does_not_verify(wendys_record):
    ref = card_reference(wendys_record.pk)
    value, signature = ref.split(":", 1)
    assert card_worker_id(f"w{wendys_record.pk + 1}:{signature}") is None
    assert card_worker_id(ref[:-1] + ("A" if ref[-1] != "A" else "B")) is None
    assert card_worker_id(signing.Signer(salt="another.purpose").sign(value)) is None
    assert card_worker_id(signing.Signer(salt=CARD_SALT).sign("x1")) is None
    assert card_worker_id("") is None
    assert card_worker_id("w1") is None
    assert card_worker_id("w" * 500) is None


def test_another_workers_card_is_404_for_a_worker_and_for_staff(world, client_for, wendys_record, wills_record):
    url = reverse("members:card", args=[wendys_record.pk])
    assert client_for(world.will).get(url).status_code == 404
    assert client_for(world.carol).get(url).status_code == 404  # her own officer: it is Wendy's page
    assert client_for(world.wendy).get(reverse("members:card", args=[wills_record.pk])).status_code == 404
    assert client_for(world.wendy).get(reverse("members:card", args=[999_999])).status_code == 404
    with pytest.raises(Http404):
        get_my_card(world.will, wendys_record.pk)


def test_the_worker_pages_are_404_for_everyone_but_workers(world, client_for):
    for user in (world.carol, world.alice, world.sam):
        client = client_for(user)
        assert client.get(reverse("members:my_membership")).status_code == 404
        assert client.get(reverse("members:my_card")).status_code == 404


def test_a_worker_sees_nothing_of_the_union_pages(world, client_for, wendys_record):
    client = client_for(world.wendy)
    for url in (
        reverse("members:worker_list"),
        reverse("members:worker_detail", args=[wendys_record.pk]),
        reverse("members:transfer_list"),
        reverse("members:follow_up_list"),
        reverse("members:card_check") + "?ref=" + card_reference(wendys_record.pk),
    ):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(reverse("members:account_create", args=[wendys_record.pk])).status_code in (403, 404)
    assert client.post(reverse("members:activation_issue", args=[wendys_record.pk])).status_code in (403, 404)


def test_the_worker_home_shows_my_membership_and_my_card(world, client_for, wendys_record):
    text = client_for(world.wendy).get(reverse("web:home")).content.decode()
    assert reverse("members:my_membership") in text
    assert reverse("members:my_card") in text
    assert wendys_record.card_number in text


# --- The card check by union staff ------------------------------------------------------------------


def _check(client, ref):
    return client.get(reverse("members:card_check"), {"ref": ref})


def test_staff_of_the_union_see_a_valid_card_with_the_name_masked(world, client_for, wendys_record):
    response = _check(client_for(world.carol), card_reference(wendys_record.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="valid"' in text
    assert "温*" in text
    assert "温迪" not in text
    assert world.union_c.name in text
    # the township above sees it too
    assert 'data-status="valid"' in _check(client_for(world.bob), card_reference(wendys_record.pk)).content.decode()


def test_staff_outside_the_unions_are_told_it_is_not_theirs(world, client_for, wendys_record):
    text = _check(client_for(world.dan), card_reference(wendys_record.pk)).content.decode()
    assert 'data-status="outside"' in text
    assert "温" not in text.split('data-status="outside"', 1)[1]
    assert world.union_c.name not in text
    result = card_check(world.bea, card_reference(wendys_record.pk))
    assert result == CardCheck(CardCheck.OUTSIDE)


def test_a_tampered_card_is_not_valid(world, client_for, wendys_record):
    ref = card_reference(wendys_record.pk)
    text = _check(client_for(world.carol), ref[:-2] + "zz").content.decode()
    assert 'data-status="invalid"' in text
    assert 'data-status="invalid"' in _check(client_for(world.carol), "w1:nonsense").content.decode()


def test_an_ended_membership_is_shown_as_ended(world, client_for, wendys_record):
    with system_scope("test"):
        membership = Membership.unscoped.get(worker=wendys_record, status="active")
    services.membership_leave(
        actor=world.carol, membership=membership, on=timezone.localdate(), reason=Membership.Reason.PERSONAL
    )
    text = _check(client_for(world.carol), card_reference(wendys_record.pk)).content.decode()
    assert 'data-status="ended"' in text
    card = client_for(world.wendy).get(reverse("members:my_card")).content.decode()
    assert 'data-testid="card-ended"' in card
    assert 'data-testid="card-qr"' not in card


def test_the_union_that_transferred_a_member_out_still_recognises_the_card(world, client_for, wendys_record):
    with system_scope("test"):
        membership = Membership.unscoped.get(worker=wendys_record, status="active")
    services.membership_transfer(
        actor=world.alice, membership=membership, to_union=world.union_d, on=timezone.localdate()
    )
    # Dan's union holds the current membership now; Carol's its past side
    assert 'data-status="valid"' in _check(client_for(world.dan), card_reference(wendys_record.pk)).content.decode()
    assert 'data-status="valid"' in _check(client_for(world.carol), card_reference(wendys_record.pk)).content.decode()
