"""The reminders as a user sees them: the number on the bell and the rows of the page it opens.

Tests read them from the HTML the user gets, not from the code that makes them, so a bell and a
page that disagree fail whatever the cause.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# The bell in the top bar: its link, and the address its badge fetches the number from once shown.
BELL = re.compile(
    r'<a [^>]*href="([^"]+)"[^>]*data-testid="reminders"[^>]*>.*?<span class="badge[^"]*" hx-get="([^"]+)"', re.S
)
BADGE = re.compile(r'<span class="badge[^"]*" data-testid="reminder-count">(\d+)</span>')
TOTAL = re.compile(r'data-testid="reminders-total"[^>]*>(\d+)<')
# An item row (group headings are rows of <th> only).
ROW = re.compile(r"<tr[^>]*>\s*<td.*?</tr>", re.S)
NEXT = re.compile(r'href="(\?[^"]*)" rel="next"')
MAX_PAGES = 200


@dataclass
class SeenReminders:
    bell: int
    total: int | None  # the page's own total, None if it shows none
    rows: list[str]  # every item row, over all the pages, in order
    pages: int

    def attribute(self, name: str) -> list[str]:
        """The value of ``data-<name>`` on every row, in order."""
        pattern = re.compile(rf'data-{name}="([^"]*)"')
        values = []
        for row in self.rows:
            match = pattern.search(row)
            values.append(html.unescape(match.group(1)) if match else "")
        return values


def bell_of(page: str, client: Any) -> tuple[str, int]:
    """The bell's link and number on a signed-in page (the number fetched as the page's htmx does)."""
    match = BELL.search(page)
    assert match is not None, "no reminders bell on the page"
    badge = client.get(html.unescape(match.group(2)), headers={"HX-Request": "true", "X-Gonghui-Background": "1"})
    assert badge.status_code == 200, f"the bell's number answered {badge.status_code}"
    number = BADGE.search(badge.content.decode())
    assert number is not None, "no number on the bell's badge"
    return html.unescape(match.group(1)), int(number.group(1))


def seen_by(client: Any, start: str = "/home/") -> SeenReminders:
    """Open ``start``, read the bell, follow it and every page after it; collect the item rows."""
    response = client.get(start)
    assert response.status_code == 200, f"{start} answered {response.status_code}"
    url, number = bell_of(response.content.decode(), client)
    path = urlsplit(url).path
    rows: list[str] = []
    total = None
    pages = 0
    while url and pages < MAX_PAGES:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        page = response.content.decode()
        pages += 1
        if total is None and (found := TOTAL.search(page)) is not None:
            total = int(found.group(1))
        rows += ROW.findall(page)
        following = NEXT.search(page)
        url = path + html.unescape(following.group(1)) if following else ""
    return SeenReminders(bell=number, total=total, rows=rows, pages=pages)
