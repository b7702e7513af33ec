"""Adding a member: one form, one POST, one transaction — the person (found again by ID number, or
registered) and their joining; the union preselected for a one-union officer, the employer defaulted
to the union's own (the member sheet's rule, ``own_employer_of``)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core.audit.models import AuditEvent
from gonghui.core.identifiers import credit_code_check_char
from gonghui.core.testing.world import MARKER
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.members import services
from gonghui.members.forms import MemberAddForm
from gonghui.members.models import Membership, MembershipEvent, Worker
from gonghui.members.tests.factories import id_number, make_worker
from gonghui.organisations.models import Employer
from gonghui.organisations.selectors import own_employer_of

ADD_URL = reverse("members:member_add")
CODE_C = "91339901MA00000C1" + credit_code_check_char("91339901MA00000C1")


@pytest.fixture
def employer_c(world) -> Employer:
    """Union C's own employer (丙公司), kept by union C."""
    with system_scope("test"):
        return Employer.unscoped.create(
            union=world.union_c,
            own_union=world.union_c,
            name=f"丙公司{MARKER}",
            credit_code=CODE_C,
            union_status=Employer.UnionStatus.OWN,
            headcount=120,
        )


def person(**overrides) -> dict:
    data = {
        "name": "李四",
        "id_number": id_number(date(1990, 5, 6)),
        "phone": "13900001111",
        "category": Worker.Category.MIGRANT,
        "native_place": "浙江宁波",
        "on": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return data


def workers_with(number: str) -> list[Worker]:
    with system_scope("test"):
        return list(Worker.unscoped.filter(id_number__matches=number))


# --- The page -------------------------------------------------------------------------------------


def test_the_add_page_is_one_form_with_the_officers_union_and_its_employer(world, client_for, employer_c):
    response = client_for(world.carol).get(ADD_URL)
    assert response.status_code == 200
    form = response.context["form"]
    # one form holds the person and the joining
    assert isinstance(form, MemberAddForm)
    assert {"name", "id_number", "phone", "category", "union", "on", "employer", "card_number"} <= set(form.fields)
    html = response.content.decode()
    assert html.count('<form method="post"') == 1
    assert 'data-testid="member-add-person"' in html
    assert 'data-testid="member-add-membership"' in html
    # Carol's only union is chosen, and its own employer filled in
    assert form["union"].value() == world.union_c.pk
    assert list(form.fields["union"].queryset) == [world.union_c]
    assert f'<option value="{world.union_c.pk}" selected>' in html
    assert form["employer"].value() == f"丙公司{MARKER}"
    assert f'value="丙公司{MARKER}"' in html
    assert form["on"].value() == timezone.localdate()


def test_the_employer_is_shown_by_its_code_when_its_name_is_not_unique(world, client_for, employer_c):
    with system_scope("test"):
        Employer.unscoped.create(union=world.union_c, name=employer_c.name, headcount=3)
    form = client_for(world.carol).get(ADD_URL).context["form"]
    assert form["employer"].value() == CODE_C


def test_staff_with_several_unions_choose_the_union(world, client_for, employer_c):
    form = client_for(world.bob).get(ADD_URL).context["form"]
    assert set(form.fields["union"].queryset) == {world.union_c, world.joint_a}
    assert form["union"].value() is None
    assert not form["employer"].value()


def test_the_member_list_links_to_the_one_form(world, client_for):
    html = client_for(world.carol).get(reverse("members:worker_list")).content.decode()
    assert f'href="{ADD_URL}" data-testid="member-add"' in html
    # workers and the assistance centre read the registry but add nobody
    assert 'data-testid="member-add"' not in client_for(world.ann).get(reverse("members:worker_list")).content.decode()
    assert client_for(world.ann).get(ADD_URL).status_code == 403


def test_the_union_employer_rule_is_the_one_the_member_sheet_uses(world, employer_c):
    with acting_as(world.carol):
        assert own_employer_of(world.union_c) == employer_c
    with acting_as(world.bob):
        assert own_employer_of(world.joint_a) is None  # a joint union covers several employers


# --- One POST ------------------------------------------------------------------------------------


def test_one_post_registers_the_worker_and_their_membership(world, client_for, employer_c):
    data = person()
    # the officer leaves the preselected union and clears nothing else: the employer is left as shown
    response = client_for(world.carol).post(ADD_URL, {**data, "union": world.union_c.pk, "employer": ""})
    assert response.status_code == 302, response.context["form"].errors
    [worker] = workers_with(data["id_number"])
    assert response["Location"] == worker.get_absolute_url()
    assert (worker.name, worker.union, worker.phone, worker.native_place) == (
        "李四",
        world.union_c,
        "13900001111",
        "浙江宁波",
    )
    assert worker.category == Worker.Category.MIGRANT
    assert worker.member_status == Worker.MemberStatus.ACTIVE
    assert worker.card_number
    # the employer left empty is the union's own
    assert worker.employer == employer_c
    with system_scope("test"):
        membership = Membership.unscoped.get(worker=worker)
        assert list(MembershipEvent.unscoped.filter(membership=membership).values_list("kind", flat=True)) == ["join"]
        created = set(
            AuditEvent.unscoped.filter(action="create", object_id__in=[str(worker.pk), str(membership.pk)])
            .filter(object_type__startswith="members.")
            .values_list("object_type", "object_id")
        )
    assert (membership.union, membership.status, membership.employer) == (world.union_c, "active", employer_c)
    assert membership.joined_on == timezone.localdate()
    # one audit row for the person, one for the membership
    assert created == {("members.worker", str(worker.pk)), ("members.membership", str(membership.pk))}


def test_one_post_joins_a_worker_recorded_elsewhere_found_by_id_number(world, client_for, employer_c):
    # given a person Dan's union recorded (not a member), whom Carol cannot see
    number = id_number(date(1988, 1, 2))
    recorded = make_worker(world.dan, world.union_d, name="王五", id_number=number, native_place="山东临沂")
    assert not client_for(world.carol).get(reverse("members:worker_list"), {"q": number}).context["page"].object_list
    # when Carol adds them with the same ID number and name
    response = client_for(world.carol).post(
        ADD_URL, person(name="王五", id_number=number.lower(), native_place="", union=world.union_c.pk)
    )
    # then no second record: the recorded person joins Carol's union and is kept there now
    assert response.status_code == 302, response.context["form"].errors
    [worker] = workers_with(number)
    assert worker.pk == recorded.pk
    assert (worker.union, worker.member_status, worker.employer) == (world.union_c, "active", employer_c)
    # the details given replace the recorded ones, the empty ones keep them
    assert (worker.phone, worker.category, worker.native_place) == ("13900001111", "migrant", "山东临沂")
    with system_scope("test"):
        assert Membership.unscoped.get(worker=worker).union == world.union_c
        assert AuditEvent.unscoped.filter(action="update", object_id=str(worker.pk)).exists()


def test_a_member_of_a_union_elsewhere_is_refused_without_naming_it(world, client_for):
    number = id_number(date(1987, 2, 3))
    dans = make_worker(world.dan, world.union_d, name="赵六", id_number=number)
    services.membership_join(actor=world.dan, worker=dans, union=world.union_d, on=timezone.localdate())
    response = client_for(world.carol).post(ADD_URL, person(name="赵六", id_number=number, union=world.union_c.pk))
    assert response.status_code == 200
    errors = response.context["form"].errors["id_number"]
    assert errors == ["此人已是其他工会的会员：请由该工会办理转出。"]
    assert world.union_d.name not in response.content.decode()
    with system_scope("test"):
        assert Membership.unscoped.filter(worker=dans).count() == 1


def test_a_member_in_scope_is_refused_naming_their_union(world, client_for):
    number = id_number(date(1986, 3, 4))
    worker = make_worker(world.bob, world.joint_a, name="钱七", id_number=number)
    services.membership_join(actor=world.bob, worker=worker, union=world.joint_a, on=timezone.localdate())
    response = client_for(world.bob).post(ADD_URL, person(name="钱七", id_number=number, union=world.union_c.pk))
    assert response.status_code == 200
    [error] = response.context["form"].errors["id_number"]
    assert world.joint_a.name in error
    with system_scope("test"):
        assert Membership.unscoped.filter(worker=worker).count() == 1


def test_a_recorded_id_number_under_another_name_is_refused(world, client_for):
    number = id_number(date(1985, 4, 5))
    recorded = make_worker(world.dan, world.union_d, name="孙八", id_number=number)
    response = client_for(world.carol).post(ADD_URL, person(name="李四", id_number=number, union=world.union_c.pk))
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert "孙八" not in response.content.decode()
    with system_scope("test"):
        assert not Membership.unscoped.filter(worker=recorded).exists()
        assert Worker.unscoped.get(pk=recorded.pk).union == world.union_d


# --- Errors keep the input -----------------------------------------------------------------------


def test_an_under_16_joiner_is_refused_keeping_the_input_and_writing_nothing(world, client_for, employer_c):
    today = timezone.localdate()
    young = id_number(date(today.year - 15, 1, 1))
    data = person(id_number=young, union=world.union_c.pk, employer=CODE_C, card_number="C-0001", note="新员工")
    response = client_for(world.carol).post(ADD_URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "on" in form.errors
    html = response.content.decode()
    for value in ("李四", young, "13900001111", "浙江宁波", CODE_C, "C-0001", "新员工"):
        assert f'value="{value}"' in html, value
    assert f'<option value="{world.union_c.pk}" selected>' in html
    assert '<option value="migrant" selected>' in html
    # one transaction: the worker was not registered either
    assert workers_with(young) == []


def test_a_wrong_check_digit_is_refused_keeping_the_input(world, client_for):
    good = id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = client_for(world.carol).post(ADD_URL, person(id_number=bad, union=world.union_c.pk))
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    html = response.content.decode()
    assert f'value="{bad}"' in html
    assert 'value="李四"' in html
    assert workers_with(good) == []


def test_a_union_outside_scope_cannot_be_chosen(world, client_for):
    data = person(union=world.union_c.pk)
    response = client_for(world.dan).post(ADD_URL, data)
    assert response.status_code == 200
    assert "union" in response.context["form"].errors
    assert workers_with(data["id_number"]) == []
