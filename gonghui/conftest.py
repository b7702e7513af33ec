"""Fixtures shared by every test: the small world of unions and users (see core/testing/world.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from gonghui.core.testing.world import World, build_world, load_world


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_world()


@pytest.fixture(autouse=True)
def _language_reset():
    """Each test starts in no particular language (the default, zh-hans): a request made in English
    by one test (LocaleMiddleware activates the language for the thread) must not head the next
    test's exports in English."""
    yield
    translation.deactivate()


@pytest.fixture
def world(db) -> World:
    return load_world()


@pytest.fixture
def client_for(db) -> Callable[..., Client]:
    def make(user, **kwargs) -> Client:
        client = Client(**kwargs)
        client.force_login(user)
        return client

    return make
