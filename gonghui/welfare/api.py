"""Member welfare in the API (``/api/v1/welfare/``): payouts and batches, with the pages' forms and services."""

from __future__ import annotations

from rest_framework import serializers

from gonghui.core.api import Endpoint, Write
from gonghui.welfare import lists, selectors, services
from gonghui.welfare.entry import payout_enter
from gonghui.welfare.forms import PayoutForm
from gonghui.welfare.models import WelfareBatch, WelfarePayout


class PayoutSerializer(serializers.ModelSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)
    worker_name = serializers.CharField(source="worker.name", read_only=True)

    class Meta:
        model = WelfarePayout
        fields = [
            "id",
            "union",
            "union_name",
            "worker",
            "worker_name",
            "item",
            "festival",
            "form",
            "amount",
            "paid_on",
            "batch",
            "note",
        ]
        read_only_fields = fields


class BatchSerializer(serializers.ModelSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)

    class Meta:
        model = WelfareBatch
        fields = ["id", "union", "union_name", "title", "item", "festival", "form", "paid_on", "state"]
        read_only_fields = fields


ENDPOINTS = (
    Endpoint(
        "payouts",
        serializer=PayoutSerializer,
        list=lists.PAYOUTS,
        get=selectors.get_payout_for_user,
        lookup="welfare_payout_id",
        create=Write(
            form=PayoutForm,
            service=services.payout_create,
            form_kwargs=lambda c: {"user": c.user},
            call=lambda c: payout_enter(actor=c.user, **c.form.payout_fields()),  # type: ignore[attr-defined]
        ),
    ),
    Endpoint(
        "batches",
        serializer=BatchSerializer,
        list=lists.BATCHES,
        get=selectors.get_batch_for_user,
        lookup="welfare_batch_id",
        perm="welfare.view_welfarebatch",
    ),
)
