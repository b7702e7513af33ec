"""The rectification notice (整改通知书) as a PDF, through ``core.documents``.

The union's right to demand that a hazard be fixed: 安全生产法 arts. 7 and 60, 工会法 arts. 24–27
(``/work/shared/reference/domain.md`` §2). The due day printed is the hazard's ``due_on``, computed
by ``rules.rectification_due`` (the workflow's deadline is the same computation).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.documents import Document, long_date
from gonghui.safety.models import Hazard


def notice_pdf(hazard: Hazard, *, user: Any) -> bytes:
    """The notice of ``hazard`` (its notice must have been issued)."""
    doc = Document(
        _("Rectification notice"),
        author=user.get_full_name() if user is not None else "",
        footer_left=hazard.notice_number,
        footer_right=hazard.union.name,
    )
    doc.title_block(_("Rectification notice"), subtitle=hazard.notice_number)
    doc.paragraph(_("%(employer)s:") % {"employer": hazard.employer.name})
    doc.paragraph(
        _(
            "Under articles 7 and 60 of the Work Safety Law of the People's Republic of China and the Trade "
            "Union Law, the union's labour protection inspectors inspected your unit on %(found)s and found the "
            "hazard below. Fix it by %(due)s and report the rectification to this union in writing."
        )
        % {"found": long_date(hazard.found_on), "due": long_date(hazard.due_on)},
        indent=True,
    )
    doc.table(
        [_("No."), _("Where"), _("Hazard"), _("Hazard category"), _("Hazard level")],
        [["1", hazard.location or "—", hazard.description, hazard.get_category_display(), hazard.get_level_display()]],
        widths=(12, 34, 80, 30, 18),
    )
    doc.facts(
        [
            (_("Measures required"), hazard.measures),
            (_("Responsible person"), hazard.responsible_person),
            (_("Rectification period"), _("%(days)s days") % {"days": hazard.rectification_days}),
            (_("Rectify by"), long_date(hazard.due_on)),
        ],
        columns=1,
    )
    doc.paragraph(
        _(
            "If the hazard is not fixed by that day, this union will report it to the union above and ask the "
            "authorities to deal with it according to law. Until it is fixed, take measures to keep the workers safe."
        ),
        indent=True,
    )
    inspector = hazard.inspector.worker.name if hazard.inspector is not None else ""
    doc.signatures([_("Inspector") + (f"（{inspector}）" if inspector else ""), _("Received for the employer")])
    doc.seal(hazard.union.name, day=hazard.notice_issued_on)
    return doc.render()
