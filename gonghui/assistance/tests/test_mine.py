"""The worker's own applications: their hardship files in plain words, nothing of the household, 404 for others."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from gonghui.assistance.selectors_mine import get_my_application, my_applications
from gonghui.assistance.tests import factories
from gonghui.core.tree.scoping import system_scope
from gonghui.members.models import Worker


def _link(file, user) -> None:
    with system_scope("test"):
        Worker.unscoped.filter(pk=file.worker_id).update(account=user)


@pytest.fixture
def wendys_file(world):
    file = factories.open_file(world, name="温迪")
    _link(file, world.wendy)
    return file


def test_my_applications_show_the_state_in_plain_words_without_figures(world, client_for, wendys_file):
    assert [a.id for a in my_applications(world.wendy)] == [wendys_file.pk]
    client = client_for(world.wendy)
    client.cookies["django_language"] = "en"
    home = client.get(reverse("web:home")).content.decode()
    url = reverse("assistance:my_application", args=[wendys_file.pk])
    assert url in home
    assert "审核中" in home
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "审核中" in text
    assert wendys_file.number in text
    for secret in ("600.00", "¥600", "6228480012345678901", "农业银行"):
        assert secret not in text
        assert secret not in home


def test_an_approved_file_reads_approved(world, client_for):
    factories.standard()
    file = factories.filed_file(world, name="温迪")
    _link(file, world.wendy)
    with translation.override("en"):
        shown = my_applications(world.wendy)[0]
    assert (shown.state, shown.state_label, shown.tone) == ("filed", "Approved", "success")


def test_another_workers_file_is_404(world, client_for, wendys_file):
    other = factories.open_file(world, union=world.union_d, name="威尔")
    _link(other, world.will)
    assert client_for(world.wendy).get(reverse("assistance:my_application", args=[other.pk])).status_code == 404
    assert client_for(world.will).get(reverse("assistance:my_application", args=[wendys_file.pk])).status_code == 404
    # staff, even of the file's own union, use the file's page, not the worker's
    assert client_for(world.carol).get(reverse("assistance:my_application", args=[wendys_file.pk])).status_code == 404
    with pytest.raises(Http404):
        get_my_application(world.will, wendys_file.pk)
    assert my_applications(world.will) == [my_applications(world.will)[0]]
    assert my_applications(world.will)[0].id == other.pk


def test_a_worker_without_a_linked_record_has_no_applications(world, client_for):
    assert my_applications(world.wendy) == []
    assert "my-applications" not in client_for(world.wendy).get(reverse("web:home")).content.decode()
