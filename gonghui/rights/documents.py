"""The mediation agreement (调解协议书) as a PDF (``core/documents``).

劳动争议调解仲裁法 第十四条: the agreement states the parties, the matters and the result, is signed
or sealed by both parties, signed by the mediator and sealed by the committee, and binds both
parties from then. 第十六条: for wages, work-injury medical costs, compensation or damages, a
party may ask the court for a payment order if the employer does not perform on time.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core.documents import Document, long_date
from gonghui.core.money import amount_in_capitals, yuan
from gonghui.rights.models import Dispute


def agreement_pdf(dispute: Dispute, *, user: Any) -> bytes:
    title = _("Labour dispute mediation agreement")
    doc = Document(
        title, author=dispute.committee.name, footer_left=dispute.number, footer_right=dispute.committee.name
    )
    doc.title_block(title, subtitle=_("No. %(number)s") % {"number": dispute.number})
    applicants = "、".join(a.name for a in dispute.applicants.all()) or "—"
    facts = [
        (_("Applicant"), applicants),
        (_("Respondent"), dispute.employer.name),
        (_("Mediation committee"), dispute.committee.name),
        (pgettext("date", "Application received"), long_date(dispute.applied_on)),
    ]
    if dispute.collective:
        facts.append((_("Workers"), str(dispute.workers)))
        facts.append((_("Elected representatives"), dispute.representatives))
    doc.facts(facts, columns=1)
    doc.heading(_("Matters in dispute"))
    doc.paragraph(dispute.summary, indent=True)
    claims = list(dispute.claims.all())
    if claims:
        doc.table(
            [_("Claim"), _("Amount claimed")],
            [[claim.get_kind_display(), yuan(claim.amount)] for claim in claims],
            widths=(110, 70),
        )
    doc.heading(_("Agreement reached"))
    doc.paragraph(
        _(
            "Through mediation by the committee, both parties reached the following agreement voluntarily, "
            "on the basis of the facts and the law:"
        ),
        indent=True,
    )
    doc.paragraph(dispute.agreement_terms, indent=True)
    if dispute.amount_agreed:
        doc.paragraph(
            _("The respondent pays the applicant %(amount)s (in words: %(capitals)s)%(by)s.")
            % {
                "amount": yuan(dispute.amount_agreed),
                "capitals": amount_in_capitals(dispute.amount_agreed),
                "by": (_(" by %(day)s") % {"day": long_date(dispute.perform_by)}) if dispute.perform_by else "",
            },
            indent=True,
        )
    doc.paragraph(
        _(
            "This agreement takes effect when signed or sealed by both parties, signed by the mediator and "
            "sealed by the committee; it binds both parties, who shall perform it (Labour Dispute Mediation "
            "and Arbitration Law, art. 14). If a party does not perform it within the agreed time, the other "
            "may apply for arbitration according to law (art. 15)."
        ),
        indent=True,
    )
    if dispute.payment_order_possible:
        doc.paragraph(
            _(
                "As this agreement concerns the payment of wages, work-injury medical costs, economic "
                "compensation or damages, the worker may apply to the people's court for a payment order "
                "if the employer does not pay within the agreed time (art. 16)."
            ),
            indent=True,
        )
    doc.paragraph(
        _("This agreement is made in three copies: one for each party and one for the committee."), indent=True
    )
    doc.signatures([_("Applicant"), _("Respondent"), _("Mediator")])
    doc.seal(_("%(committee)s (seal)") % {"committee": dispute.committee.name}, day=dispute.agreed_on)
    return doc.render()
