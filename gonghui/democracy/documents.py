"""A sitting's minutes, its vote result sheet and a resolution as PDFs, through ``core.documents``.

The numbers printed are the sitting's own (all delegates, present, the quorum and each ballot), and
the pass rule is ``rules.item_passes``: more than half of ALL delegates (企业民主管理规定 art. 20).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core.documents import Document, long_date
from gonghui.democracy import rules
from gonghui.democracy.models import AgendaItem, Session


def _document(title: str, session: Session, user: Any) -> Document:
    doc = Document(
        title,
        author=user.get_full_name() if user is not None else "",
        footer_left=str(session),
        footer_right=session.union.name,
    )
    doc.title_block(title, subtitle=str(session))
    return doc


def _attendance(session: Session) -> list[tuple[str, str]]:
    total, present = session.members_total, session.present
    return [
        (_("Congress"), session.congress.name),
        (_("Date of the sitting"), long_date(session.held_on)),
        (_("Delegates (all)"), str(total)),
        (_("Present"), str(present)),
        (
            _("Quorum"),
            _("met (at least %(n)d, two thirds of all)") % {"n": rules.quorum_needed(total)}
            if session.quorum
            else _("not met (at least %(n)d needed): the sitting could not vote") % {"n": rules.quorum_needed(total)},
        ),
        (_("Votes needed to pass"), _("%(n)d (more than half of all delegates)") % {"n": rules.votes_needed(total)}),
    ]


def _ballot_rows(items: list[AgendaItem]) -> list[list[str]]:
    rows = []
    for item in items:
        ballots = list(item.ballots.all())
        if not ballots:
            rows.append([str(item.number), item.title, "—", "—", "—", "—", _("not voted")])
        for ballot in ballots:
            rows.append(
                [
                    f"{item.number}" + (f"（{ballot.round}）" if len(ballots) > 1 else ""),
                    item.title,
                    str(ballot.yes),
                    str(ballot.no),
                    str(ballot.abstain),
                    str(ballot.present),
                    pgettext("vote", "passed") if ballot.passed else pgettext("vote", "not passed"),
                ]
            )
    return rows


BALLOT_HEADERS = (
    lambda: [_("No."), _("Item"), _("Yes"), _("No"), _("Abstentions"), _("Present"), _("Result")],
    (14, 70, 16, 16, 18, 18, 24),
)


def minutes_pdf(session: Session, items: list[AgendaItem], *, user: Any) -> bytes:
    """会议纪要: who sat, whether they could vote, and what each item came to."""
    doc = _document(_("Minutes of the sitting"), session, user)
    doc.facts(_attendance(session), columns=1)
    doc.heading(_("Agenda and votes"))
    doc.table(BALLOT_HEADERS[0](), _ballot_rows(items), widths=BALLOT_HEADERS[1])
    passed = [item for item in items if item.passed]
    if passed:
        doc.heading(_("Resolutions"))
        for item in passed:
            doc.paragraph(_("The sitting resolved to adopt: %(item)s.") % {"item": item.title}, indent=True)
    doc.signatures([_("Recorded by"), _("Presidium")])
    return doc.render()


def votes_pdf(session: Session, items: list[AgendaItem], *, user: Any) -> bytes:
    """表决结果表: every ballot of the sitting, counted against all delegates."""
    doc = _document(_("Vote result sheet"), session, user)
    doc.facts(_attendance(session), columns=2)
    doc.table(BALLOT_HEADERS[0](), _ballot_rows(items), widths=BALLOT_HEADERS[1])
    doc.paragraph(
        _("An item passes only with more than half of all %(total)d delegates voting yes, whatever the attendance.")
        % {"total": session.members_total}
    )
    doc.signatures([_("Tellers"), _("Scrutineers")])
    return doc.render()


def resolution_pdf(item: AgendaItem, *, user: Any) -> bytes:
    """决议: a passed item as posted (within 3 days of the sitting, at least 15 days)."""
    session = item.session
    ballot = next((b for b in item.ballots.all() if b.passed), None)
    doc = _document(_("Resolution"), session, user)
    doc.paragraph(
        _(
            "The %(congress)s, at its sitting of %(day)s with %(present)d of %(total)d delegates present, voted by "
            "secret ballot on “%(item)s”: %(yes)d yes, %(no)d no, %(abstain)d abstentions. Having received the votes "
            "of more than half of all delegates, it is adopted."
        )
        % {
            "congress": session.congress.name,
            "day": long_date(session.held_on),
            "present": session.present,
            "total": session.members_total,
            "item": item.title,
            "yes": ballot.yes if ballot else 0,
            "no": ballot.no if ballot else 0,
            "abstain": ballot.abstain if ballot else 0,
        },
        indent=True,
    )
    if item.resolution_published_on:
        doc.paragraph(
            _("Posted on %(day)s, to stay up until at least %(until)s.")
            % {"day": long_date(item.resolution_published_on), "until": long_date(item.resolution_posted_until)}
        )
    doc.seal(session.congress.name, day=session.held_on)
    return doc.render()
