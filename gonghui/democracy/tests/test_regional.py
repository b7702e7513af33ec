"""Regional and industry congresses and contracts, set up from the union that runs them.

The covered employers are pasted as a column of credit codes (or exact names); every line that
names no employer, two, one outside the running union's subtree or one named before is refused by
its number, and nothing is saved until all match. The county's contract coverage counts the
employers a regional contract in force covers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.democracy import rules, services
from gonghui.democracy.figures import DemocracyFigures
from gonghui.democracy.models import CollectiveContract, Congress, Level
from gonghui.democracy.tests import factories

pytestmark = pytest.mark.django_db

CONGRESS_ADD = "/democracy/congresses/add/"
CONTRACT_ADD = "/democracy/contracts/add/"


def _congress_form(union: Any, covered: str, **more: Any) -> dict[str, Any]:
    return {
        "level": "regional",
        "union": union.pk,
        "name": "",
        "term_number": 1,
        "term_start": "2025-01-01",
        "term_end": "2027-12-31",
        "covered_employers": covered,
        "workforce": "",
        "women_workers": "",
        "dispatched_workers": "",
        **more,
    }


def _saved_congresses(union: Any) -> list[Congress]:
    with system_scope("the test reads what the page wrote"):
        return list(Congress.unscoped.filter(union=union, level=Level.REGIONAL))  # unscoped: the test checks rows


def test_federation_and_joint_union_staff_get_the_button_a_grassroots_officer_does_not(
    world: World, client_for: Any
) -> None:
    bob = client_for(world.bob)
    assert 'data-testid="regional-congress-add"' in bob.get("/democracy/congresses/").content.decode()
    assert 'data-testid="regional-contract-add"' in bob.get("/democracy/contracts/").content.decode()
    form = bob.get(CONGRESS_ADD).content.decode()
    assert f'<option value="{world.township_a.pk}" selected>' in form  # their own union, first
    assert f'<option value="{world.joint_a.pk}">' in form  # or the joint union below it
    assert f'<option value="{world.county.pk}"' not in form

    carol = client_for(world.carol)  # the officer of one employer's grassroots union
    assert 'data-testid="regional-congress-add"' not in carol.get("/democracy/congresses/").content.decode()
    assert 'data-testid="regional-contract-add"' not in carol.get("/democracy/contracts/").content.decode()
    assert carol.get(CONGRESS_ADD).status_code == 403
    assert carol.post(CONTRACT_ADD, {}).status_code == 403
    assert client_for(world.leo).get(CONGRESS_ADD).status_code == 403  # the leader reads only


def test_every_line_that_fails_is_named_and_nothing_is_saved(world: World, client_for: Any) -> None:
    codes = [factories.credit_code() for _ in range(3)]
    in_joint = factories.employer(world, name="联合覆盖甲厂ALPHA7F3", code=codes[0], under=world.joint_a)
    outside_joint = factories.employer(world, code=codes[1])  # township A, its own union
    twin_1 = factories.employer(world, name="同名商行ALPHA7F3", under=world.joint_a)
    twin_2 = factories.employer(world, name="同名商行ALPHA7F3", under=world.joint_a)
    in_b = factories.employer(world, township="b", code=codes[2])
    pasted = "\n".join(
        [
            codes[0].lower(),  # 1: matches (case folded)
            "91339901MA9999999X",  # 2: no such employer
            codes[1],  # 3: outside the joint union's subtree
            twin_1.name,  # 4: two employers of that name
            codes[2],  # 5: township B's: nothing in Bob's part of the tree
            "",
            in_joint.name,  # 7: named on line 1 already
        ]
    )
    client = client_for(world.bob)
    response = client.post(CONGRESS_ADD, _congress_form(world.joint_a, pasted))
    assert response.status_code == 200
    page = response.content.decode()
    assert "第1行“" not in page  # the line that matched is not named
    assert "Line 1 “" not in page
    for line in (2, 3, 4, 5, 7):
        assert f"第{line}行“" in page or f"Line {line} “" in page, line
    assert "已在第1行列出" in page or "is named on line 1 already" in page
    assert outside_joint.name in page  # named: it exists, but outside the running union
    assert in_b.name not in page  # township B's employer is not revealed
    assert twin_1.pk != twin_2.pk
    assert _saved_congresses(world.joint_a) == []


def test_a_regional_congress_takes_its_workforce_and_delegate_minimum_from_the_employers(
    world: World, client_for: Any
) -> None:
    codes = [factories.credit_code() for _ in range(3)]
    firms = [
        factories.employer(world, code=code, headcount=n, women=n // 3, dispatched=2)
        for code, n in zip(codes, (40, 55, 70), strict=True)
    ]
    pasted = f"{codes[0]}\t{firms[0].name}\r\n {codes[1]} \n\n{firms[2].name}\n"
    client = client_for(world.bob)
    response = client.post(CONGRESS_ADD, _congress_form(world.township_a, pasted))
    assert response.status_code == 302, response.content.decode()
    (congress,) = _saved_congresses(world.township_a)
    assert congress.employer is None
    assert congress.workforce == 165
    assert congress.women_workers == 13 + 18 + 23
    assert congress.dispatched_workers == 6
    assert congress.delegates_required == rules.delegate_minimum(165) == 30
    assert congress.form == Congress.Form.DELEGATES  # 165 workers together: a congress of delegates
    page = client.get(congress.get_absolute_url()).content.decode()
    assert 'data-testid="covered-employers"' in page
    assert all(firm.name in page for firm in firms)
    assert 'data-testid="covered-workers">165<' in page
    assert 'data-testid="delegates-required">30<' in page
    # its delegates are workers of the employers it covers
    worker = factories.workers(firms[2], 1)[0]
    assert worker.name in client.get(congress.get_absolute_url()).content.decode()
    # and the employer's page lists the regional congress covering it
    assert congress.name in client.get(f"/democracy/employers/{firms[1].pk}/").content.decode()
    # township B does not see it
    assert client_for(world.bea).get(congress.get_absolute_url()).status_code == 404


def test_a_given_workforce_decides_the_form(world: World, client_for: Any) -> None:
    code = factories.credit_code()
    factories.employer(world, code=code, headcount=300, women=100)
    client = client_for(world.bob)
    refused = client.post(CONGRESS_ADD, _congress_form(world.township_a, code, workforce=90))
    assert refused.status_code == 200  # 100 women (the employers' sum) but only 90 workers
    assert _saved_congresses(world.township_a) == []
    response = client.post(CONGRESS_ADD, _congress_form(world.township_a, code, workforce=90, women_workers=30))
    assert response.status_code == 302
    (congress,) = _saved_congresses(world.township_a)
    assert congress.is_assembly
    assert congress.delegates_required is None


def test_a_regional_contract_covers_the_pasted_employers(world: World, client_for: Any) -> None:
    codes = [factories.credit_code() for _ in range(2)]
    firms = [factories.employer(world, code=code, headcount=n) for code, n in zip(codes, (20, 30), strict=True)]
    client = client_for(world.bob)
    response = client.post(
        CONTRACT_ADD,
        {
            "level": "industry",
            "union": world.township_a.pk,
            "kind": "wage",
            "requested_by": "union",
            "requested_on": "2025-09-01",
            "title": "甲镇餐饮行业工资专项集体合同",
            "covered_employers": "\n".join(codes),
        },
    )
    assert response.status_code == 302, response.content.decode()
    with system_scope("the test reads what the page wrote"):
        contract = CollectiveContract.unscoped.get(title="甲镇餐饮行业工资专项集体合同")  # unscoped: the test
        assert contract.level == Level.INDUSTRY
        assert contract.employer is None
        assert contract.covered_workers == 50
        assert set(contract.covered_employers.values_list("pk", flat=True)) == {f.pk for f in firms}
    page = client.get(contract.get_absolute_url()).content.decode()
    assert all(f.name in page for f in firms)
    assert 'data-testid="covered-workers">50<' in page


def test_the_services_refuse_a_grassroots_runner_and_employers_outside_the_subtree(world: World) -> None:
    firm = factories.employer(world)
    with acting_as(world.bob):
        with pytest.raises(ValidationError) as grassroots:
            services.contract_create(
                actor=world.bob,
                kind="wage",
                requested_on=date(2025, 9, 1),
                level=Level.REGIONAL,
                union=firm.union,
                covered_employers=[firm],
            )
        assert "union" in grassroots.value.message_dict
        with pytest.raises(ValidationError) as outside:
            services.congress_create(
                actor=world.bob,
                term_start=date(2025, 1, 1),
                term_end=date(2027, 12, 31),
                level=Level.REGIONAL,
                union=world.joint_a,
                covered_employers=[firm],
            )
        assert firm.name in outside.value.message_dict["covered_employers"][0]
        with pytest.raises(ValidationError):
            services.congress_create(
                actor=world.bob,
                term_start=date(2025, 1, 1),
                term_end=date(2027, 12, 31),
                level=Level.REGIONAL,
                union=world.township_a,
            )


def test_a_regional_wage_agreement_in_force_moves_the_coverage_by_its_employers(world: World) -> None:
    firms = [factories.employer(world, headcount=n) for n in (30, 40, 50)]
    figures = DemocracyFigures()

    def coverage() -> tuple[int, int]:
        board = figures.board(world.alice)
        return board.total.contract.value, board.total.wage.value

    before = coverage()
    today = timezone.localdate()
    with acting_as(world.bob):
        contract = services.contract_create(
            actor=world.bob,
            kind=CollectiveContract.Kind.WAGE,
            requested_on=date(today.year - 1, 3, 1),
            level=Level.REGIONAL,
            union=world.township_a,
            covered_employers=firms,
        )
    assert coverage() == before  # requested only: binds nobody yet
    with system_scope("test data: the agreement signed, filed and in force"):
        CollectiveContract.unscoped.filter(pk=contract.pk).update(  # unscoped: test data
            state="in_force",
            signed_on=date(today.year - 1, 6, 1),
            filed_on=date(today.year - 1, 6, 5),
            term_start=date(today.year - 1, 6, 1),
            term_end=date(today.year + 1, 5, 31),
        )
    after = coverage()
    assert after == (before[0] + 3, before[1] + 3)
    board = figures.board(world.alice)
    assert board.total.wage.url  # linked to the employer list naming exactly these rows
