"""A competition's printable ranking (PDF, through ``core.documents``) and its results (Excel, the core export writer).

The ranking printed is ``selectors.final_ranking``: the ranking of the last stage with scores,
equal scores sharing a place (``rules.rank``); the prizes awarded are printed beside it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.competitions import rules, selectors
from gonghui.competitions.models import Competition, Prize, Stage
from gonghui.core.documents import Document, long_date
from gonghui.core.sheets import workbooks
from gonghui.core.sheets.specs import Column, SheetSpec


def _prizes(competition: Competition) -> dict[int, Prize]:
    rows = Prize.objects.filter(batch__competition=competition).exclude(batch__state="cancelled")
    return {prize.participant_id: prize for prize in rows}


def ranking_pdf(competition: Competition, *, user: Any) -> bytes:
    """The ranking of ``competition`` as printed and posted (A4, Chinese)."""
    stage, ranking = selectors.final_ranking(user, competition)
    prizes = _prizes(competition)
    doc = Document(
        _("Ranking"),
        author=user.get_full_name() if user is not None else "",
        footer_left=competition.name,
        footer_right=competition.union.name,
    )
    doc.title_block(
        _("%(name)s: ranking") % {"name": competition.name},
        subtitle=stage.name if stage is not None else "",
    )
    doc.facts(
        [
            (_("Organised by"), competition.union.name),
            (_("Kind"), competition.get_kind_display()),
            (_("Trade or discipline"), competition.trade or "—"),
            (_("Period"), f"{long_date(competition.starts_on)}—{long_date(competition.ends_on)}"),
        ]
    )
    if not ranking:
        doc.paragraph(_("No scores have been recorded yet."))
    else:
        doc.table(
            [_("Place"), _("Participant"), _("Employer"), _("Score"), _("Prize")],
            [
                [
                    str(line.place) + ("=" if line.tied else ""),
                    line.participant.display_name,
                    line.participant.employer.name,
                    f"{line.points:.2f}",
                    prizes[line.participant.pk].title if line.participant.pk in prizes else "",
                ]
                for line in ranking
            ],
            widths=(16, 40, 70, 24, 30),
        )
        doc.paragraph(
            _(
                "Participants are ranked by their score in this stage, highest first. Equal scores share a place "
                "(marked =) and the places after them are skipped."
            ),
            size=9,
        )
    doc.signatures([_("Chief judge"), _("Organising committee")])
    doc.seal(competition.union.name, day=timezone.localdate())
    return doc.render()


class ResultsSheet(SheetSpec):
    """A competition's results: every participant's score in every stage and their final place. Not registered."""

    kind = "competition-results"
    title = gettext_lazy("Competition results")
    export_permission = "competitions.view_competition"
    columns = (
        Column("place", "名次", width=6),
        Column("name", "参赛者（队）", width=16),
        Column("employer", "所在单位", width=30),
        Column("stage", "赛段", width=12),
        Column("points", "成绩", type="decimal", width=10),
        Column("stage_place", "赛段名次", width=8),
        Column("prize", "奖项", width=12),
        Column("amount", "奖金（元）", type="decimal", width=12),
    )


def results_rows(competition: Competition, *, user: Any) -> list[list[Any]]:
    """One row per participant and stage scored; the final place on each of the participant's rows."""
    _stage, final = selectors.final_ranking(user, competition)
    final_place = {line.participant.pk: line.place for line in final}
    prizes = _prizes(competition)
    rows: list[list[Any]] = []
    stages = list(Stage.objects.filter(competition=competition).order_by("position"))
    by_stage: dict[int, list[rules.Placed]] = {s.pk: selectors.ranking_of_stage(user, s) for s in stages}
    for stage in stages:
        for line in by_stage[stage.pk]:
            participant = line.participant
            prize = prizes.get(participant.pk)
            rows.append(
                [
                    final_place.get(participant.pk, ""),
                    participant.display_name,
                    participant.employer.name,
                    stage.name,
                    line.points,
                    line.place,
                    prize.title if prize else "",
                    prize.amount if prize else None,
                ]
            )
    return rows


def results_xlsx(competition: Competition, *, user: Any) -> bytes:
    rows = results_rows(competition, user=user)
    with tempfile.TemporaryDirectory(prefix="gonghui-results-") as folder:
        path = Path(folder) / "results.xlsx"
        workbooks.write_export(
            ResultsSheet(),
            rows,
            path,
            exported_by=user.get_full_name() if user is not None else "",
            exported_at=timezone.now(),
            masked=True,
            filters={str(_("labour competition")): competition.name},
        )
        return path.read_bytes()
