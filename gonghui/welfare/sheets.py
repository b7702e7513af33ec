"""Import of payouts already made (会员慰问发放台账) through the core sheets pipeline.

Every row is checked by the one rule (``rules.payout_refusals``) before anything is written, in
the file's order: a row's total for the year counts the payouts recorded before and the rows above
it. One refused row — over a cap, a forbidden form, not a member on the day — refuses the whole
file, the row named with its reason; nothing is written.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.sheets.engine import ImportRun, Row
from gonghui.core.sheets.specs import Column, SheetSpec, register
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as
from gonghui.members import selectors as members
from gonghui.members.models import Worker
from gonghui.welfare import rules
from gonghui.welfare.models import Festival, Form, Item, WelfarePayout

ITEM_LABELS = (
    ("节日慰问", Item.FESTIVAL),
    ("节日福利", Item.FESTIVAL),
    ("生日慰问", Item.BIRTHDAY),
    ("生日", Item.BIRTHDAY),
    ("结婚慰问", Item.MARRIAGE),
    ("结婚", Item.MARRIAGE),
    ("生育慰问", Item.CHILDBIRTH),
    ("生育", Item.CHILDBIRTH),
    ("住院慰问", Item.HOSPITAL),
    ("住院", Item.HOSPITAL),
    ("住院慰问（手术）", Item.HOSPITAL_SURGERY),
    ("住院手术", Item.HOSPITAL_SURGERY),
    ("会员去世慰问", Item.DEATH_MEMBER),
    ("本人去世", Item.DEATH_MEMBER),
    ("直系亲属去世慰问", Item.DEATH_RELATIVE),
    ("直系亲属去世", Item.DEATH_RELATIVE),
    ("退休慰问", Item.RETIREMENT),
    ("退休", Item.RETIREMENT),
    ("大病慰问", Item.SERIOUS_ILLNESS),
    ("大病", Item.SERIOUS_ILLNESS),
)
FESTIVAL_LABELS = (
    ("元旦", Festival.NEW_YEAR),
    ("春节", Festival.SPRING),
    ("清明", Festival.QINGMING),
    ("五一", Festival.LABOUR),
    ("劳动节", Festival.LABOUR),
    ("端午", Festival.DRAGON_BOAT),
    ("端午节", Festival.DRAGON_BOAT),
    ("中秋", Festival.MID_AUTUMN),
    ("中秋节", Festival.MID_AUTUMN),
    ("国庆", Festival.NATIONAL),
    ("国庆节", Festival.NATIONAL),
    ("少数民族节日", Festival.MINORITY),
)
FORM_LABELS = (
    ("实物", Form.GOODS),
    ("现金", Form.CASH),
    ("购物卡", Form.SHOPPING_CARD),
    ("代金券", Form.VOUCHER),
    ("提货券", Form.VOUCHER),
)


@register
class PayoutRegisterSheet(SheetSpec):
    kind = "welfare_payout_register"
    title = gettext_lazy("Welfare payout register")
    import_permission = "welfare.add_welfarepayout"
    export_permission = "welfare.view_welfarepayout"
    list_url_name = "welfare:payout_list"
    columns = (
        Column("union_name", "发放工会", synonyms=("工会名称",), required=True, max_length=200, width=30),
        Column("worker_name", "会员姓名", synonyms=("姓名",), required=True, max_length=50, width=12),
        Column("card_number", "会员证号", synonyms=("会员卡号",), type="code", width=20),
        Column("item", "慰问项目", synonyms=("项目",), required=True, choices=ITEM_LABELS, width=16),
        Column("festival", "节日", choices=FESTIVAL_LABELS, width=10),
        Column("form", "发放形式", synonyms=("形式",), required=True, choices=FORM_LABELS, width=10),
        Column("amount", "金额（元）", synonyms=("金额",), type="decimal", required=True, width=12),
        Column("paid_on", "发放日期", synonyms=("日期",), type="date", required=True, width=12),
        Column("note", "备注", max_length=200, width=30),
    )
    instructions = (
        gettext_lazy("One row per payout. Columns with an orange header are required."),
        gettext_lazy(
            "Every row is checked against the province's caps in force, the member's total for the year "
            "(with the rows above it) and membership on the day: one refused row refuses the whole file."
        ),
        gettext_lazy("Give the member card number when two members share a name."),
    )

    def prepare(self, run: ImportRun) -> None:
        unions: dict[str, list[Union]] = {}
        if run.actor is not None:
            with acting_as(run.actor):
                for union in Union.objects.filter(path__startswith=run.root.path).only("id", "name", "path"):
                    unions.setdefault(union.name, []).append(union)
        run.state.update(
            unions=unions,
            caps=rules.caps_of(rules.table_in_force()),
            ledger=rules.Ledger(),
        )

    def _worker(self, run: ImportRun, row: Row) -> Worker | None:
        card, name = row.values.get("card_number"), (row.values.get("worker_name") or "").strip()
        if card:
            found = list(members.workers_with_card_number(run.actor, card)[:1])
            if not found or found[0].name != name:
                row.error("card_number", _("No member with this card number and name in your part of the tree."))
                return None
            return found[0]
        matches = list(members.workers_named(run.actor, name)[:2])
        if not matches:
            row.error("worker_name", _("No worker of this name in your part of the tree."))
            return None
        if len(matches) > 1:
            row.error("worker_name", _("Several workers have this name: give the member card number."))
            return None
        return matches[0]

    def validate_row(self, run: ImportRun, row: Row) -> None:
        if run.actor is None:
            row.error(None, _("Import the payouts as a user (the command's --as)."))
            return
        values = row.values
        unions = run.state["unions"].get((values.get("union_name") or "").strip(), [])
        if len(unions) != 1:
            row.error(
                "union_name",
                _("No union of this name in your part of the tree.")
                if not unions
                else _("Several unions have this name."),
            )
        if values.get("item") == Item.FESTIVAL and not values.get("festival"):
            row.error("festival", _("Name the festival of a festival gift."))
        worker = self._worker(run, row)
        if len(unions) != 1 or worker is None or values.get("amount") is None or values.get("paid_on") is None:
            return
        union = unions[0]
        proposed = rules.Proposed(
            worker_id=worker.pk,
            worker_name=worker.name,
            item=values["item"],
            festival=(values.get("festival") or "") if values["item"] == Item.FESTIVAL else "",
            form=values["form"],
            amount=values["amount"],
            paid_on=values["paid_on"],
        )
        ledger: rules.Ledger = run.state["ledger"]
        ledger.ensure([(worker.pk, proposed.paid_on.year)])
        reasons = rules.payout_refusals(
            proposed,
            caps=run.state["caps"],
            member_on_day=bool(rules.members_on_day(union, [(worker.pk, proposed.paid_on)])),
            union_name=union.name,
            total_before=ledger.totals,
        )
        for reason in reasons:
            row.error("amount", reason)
        if reasons:
            return
        ledger.add(proposed)
        row.action = "create"
        row.payload = (union, proposed)

    def write_batch(self, run: ImportRun, rows: list[Row]) -> None:
        payouts = []
        for row in rows:
            union, proposed = row.payload
            payouts.append(
                WelfarePayout(
                    union=union,
                    worker_id=proposed.worker_id,
                    item=proposed.item,
                    festival=proposed.festival,
                    form=proposed.form,
                    amount=proposed.amount,
                    paid_on=proposed.paid_on,
                    year=proposed.paid_on.year,
                    note=row.values.get("note") or "",
                    recorded_by=run.actor,
                )
            )
        WelfarePayout.unscoped.bulk_create(payouts)  # unscoped: rows checked in the importer's subtree above
        run.created += len(payouts)
