from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from gonghui.core.tree.models import Union
from gonghui.core.tree.selectors import unions_for_user, with_parent_id


class UnionSerializer(serializers.ModelSerializer):
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)  # type: ignore[assignment]

    class Meta:
        model = Union
        fields = ["id", "name", "kind", "credit_code", "founding_date", "depth", "parent"]


class UnionViewSet(viewsets.ReadOnlyModelViewSet):
    """Unions in the caller's part of the tree."""

    serializer_class = UnionSerializer
    queryset = Union.objects.none()  # for schema generation and permission lookup only
    lookup_url_kwarg = "union_id"

    def get_queryset(self) -> QuerySet[Union]:
        unions = unions_for_user(
            self.request.user, q=self.request.query_params.get("q", ""), kind=self.request.query_params.get("kind", "")
        )
        return with_parent_id(unions)
