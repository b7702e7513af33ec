"""One masking rule for exports, the API and logs; full values only for the permitted."""

from __future__ import annotations

import logging

from rest_framework import serializers

from gonghui.core.accounts.models import User
from gonghui.core.privacy.api import MaskedField
from gonghui.core.privacy.display import display_value, may_unmask, unmask_permission
from gonghui.core.privacy.logging import PersonalDataFilter, mask_text


def test_display_value_masks_unless_asked_and_allowed(world):
    carol = world.carol
    # exports show masked values by default, to everyone
    assert display_value(world.sam, carol, "phone") == "138****5678"
    # an export approved for full values shows them to a permitted user only
    assert display_value(world.sam, carol, "phone", unmasked=True) == "13812345678"
    assert display_value(world.bob, carol, "phone", unmasked=True) == "138****5678"
    # other fields pass unchanged
    assert display_value(world.bob, carol, "username") == carol.username


def test_unmask_permissions_per_kind_and_model(world):
    assert unmask_permission("bank_account") == "privacy.unmask_bank_account"
    assert unmask_permission("phone", User) == "accounts.unmask_personal_data"
    assert world.ann.has_perm("privacy.unmask_bank_account")
    assert not world.alice.has_perm("privacy.unmask_bank_account")
    assert world.alice.has_perm("privacy.unmask_id_number")
    assert not world.leo.has_perm("privacy.unmask_phone")
    assert may_unmask(world.sam, User, "id_number")
    assert not may_unmask(world.sam, User, "username")
    assert not may_unmask(world.ann, User, "phone")  # no view permission on accounts


class AccountSerializer(serializers.ModelSerializer):
    phone = MaskedField()
    id_number = MaskedField(kind="id_number")

    class Meta:
        model = User
        fields = ["username", "phone", "id_number"]


def test_api_field_is_always_masked(world):
    world.carol.id_number = "230102199001011234"
    data = AccountSerializer(world.carol).data
    assert data["phone"] == "138****5678"
    assert data["id_number"] == "230102********1234"


def test_log_lines_are_masked(caplog):
    logger = logging.getLogger("gonghui.test.privacy")
    logger.addFilter(PersonalDataFilter())
    try:
        with caplog.at_level(logging.WARNING, logger="gonghui.test.privacy"):
            logger.warning("bad row: id %s phone %s", "23010219900101123X", "13812345678")
    finally:
        logger.filters.clear()
    assert caplog.messages == ["bad row: id 230102********123X phone 138****5678"]
    # longer digit runs (order numbers, bank accounts) are not mistaken for phones
    assert mask_text("order 913812345678901") == "order 913812345678901"
