"""The API by construction: a module's lists, objects and writes under ``/api/v1/``, from what its pages use.

A module declares its API in ``<module>/api.py`` and names the file in its manifest
(``api=("gonghui.members.api",)``); ``gonghui/urls.py`` registers every module's endpoints under
``/api/v1/<url_prefix>`` (``modules.api_routes()``), and ``/api/schema/`` describes them::

    class WorkerSerializer(serializers.ModelSerializer):
        id_number = MaskedField(source="id_number")          # the one masking rule
        union = serializers.CharField(source="union.name")

        class Meta:
            model = Worker
            fields = ["id", "name", "id_number", "union"]

    ENDPOINTS = (
        Endpoint(
            "workers",
            serializer=WorkerSerializer,
            list=lists.WORKERS,                               # the page's ListDef
            get=selectors.get_worker_for_user,                # 404 outside scope
            lookup="worker_id",                               # named after its leak sampler
            update=Write(
                form=WorkerForm,                              # the page's form
                service=services.worker_update,               # its perm is checked first: 403
                form_kwargs=lambda c: {"initial": WorkerForm.initial_for(c.obj), "worker": c.obj},
                call=lambda c: services.worker_update(actor=c.user, worker=c.obj, **c.form.service_fields()),
            ),
        ),
    )

What each endpoint answers:

* ``GET /api/v1/members/workers/?q=…&union=…`` — the list: the page's filter form cleans the
  query string (a value it refuses is a **400** with the form's messages, where the page would
  leave the filter out), the page's selector answers for ``request.user``, the page's pager pages
  (``limit`` + ``offset``, or ``limit`` + ``after`` for keyset lists; ``count`` bounded as on the
  page, see :mod:`gonghui.core.api.pagination`); rows through ``ListDef.decorate`` as on the page.
* ``GET /api/v1/members/workers/<worker_id>/`` — the object through ``get``; 404 outside scope.
* ``POST …/`` and ``PATCH …/<id>/`` — the page's form validates the JSON (or form-encoded) body, a
  field left out taking the value the form starts with (the object's own when editing), then the
  page's service is called with the request's user as actor (one transaction, its audit row):
  **201**/**200** with the object; **400** ``{"field": ["message"]}`` for the form's or the
  service's refusal; **403** without the service's permission (checked before anything is read).
* ``POST …/<worker_id>/<name>/`` — a further write on one object (``actions=(ObjectAction(name, Write(…)),)``:
  a sitting's attendance, a vote on an item), through the page's service as above; **200** with the object.
* Objects with a workflow (``core/workflow``): ``GET …/<id>/transitions/`` (the steps the user may
  take now) and ``POST …/<id>/transitions/<step>/`` (``note``, ``attachment`` as multipart, and the
  step's own form fields): ``transition_perform``, as the step page.
* Reading needs the list's permission (its export's, which is the page's) unless ``perm=`` says.

Authentication is the session (signed in through the pages, ``SessionAuthentication``), so
unsafe methods need the CSRF token (``X-CSRFToken`` header from the ``csrftoken`` cookie). Personal
data is always masked (``MaskedField``); unmasking is a page's, with a reason.

The schema (drf-spectacular) is generated from the same declarations: query parameters from the
filter form's fields, request bodies from the forms' declared fields (:func:`forms.form_serializer`),
answers from the serializer, paginated. ``core/api/tests`` checks that it generates without a
warning and that every list every module declares is in it.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension

from gonghui.core.api.endpoints import Context, Endpoint, EndpointViewSet, ObjectAction, Pick, Write, viewset_for
from gonghui.core.privacy.api import MaskedField

__all__ = ["Context", "Endpoint", "EndpointViewSet", "MaskedField", "ObjectAction", "Pick", "Write", "viewset_for"]


class MaskedFieldSchema(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    """``MaskedField`` in the schema: a string, read-only, masked."""

    target_class = "gonghui.core.privacy.api.MaskedField"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        kind = getattr(self.target, "kind", None)
        return {"type": "string", "readOnly": True, "description": f"masked ({kind})" if kind else "masked"}
