"""The API's schema: generated without a warning, and holding every list every module declares."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from gonghui.core import modules
from gonghui.core.web.lists import Keyset, ListDef


def _schema() -> dict[str, Any]:
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    return schema


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return _schema()


def declared_lists(module: modules.Module) -> dict[str, ListDef]:
    """Every ``ListDef`` of a module's ``lists`` (a file or a package), by name."""
    found: dict[str, ListDef] = {}
    for dotted in modules.family(module.app, "lists"):
        for name, value in vars(importlib.import_module(dotted)).items():
            if isinstance(value, ListDef):
                found[f"{dotted}.{name}"] = value
    return found


def endpoints_of(module: modules.Module) -> list[Any]:
    return [endpoint for dotted in module.api for endpoint in importlib.import_module(dotted).ENDPOINTS]


def test_the_schema_generates_without_a_warning_or_an_error():
    # when the whole schema is generated
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        SchemaGenerator().get_schema(request=None, public=True)

    # then spectacular met nothing it could not describe
    assert dict(GENERATOR_STATS._warn_cache) == {}
    assert dict(GENERATOR_STATS._error_cache) == {}


@pytest.mark.parametrize("module", modules.discover(), ids=lambda module: module.name)
def test_every_list_a_module_declares_is_in_the_api_and_its_schema(module: modules.Module, schema: dict[str, Any]):
    lists = declared_lists(module)
    if not module.api:
        pytest.skip(f"{module.name} declares no api= in its manifest yet")
    endpoints = endpoints_of(module)
    served = {id(endpoint.list): endpoint for endpoint in endpoints if endpoint.list is not None}

    # every declared list is served by an endpoint of the module …
    missing = [name for name, listdef in lists.items() if id(listdef) not in served]
    assert missing == [], f"lists of {module.name} without an API endpoint: {missing}"

    # … and described: GET with the filter form's fields and the pager's parameters as query parameters
    for endpoint in served.values():
        path = f"/api/v1/{module.url_prefix}{endpoint.path}/"
        assert path in schema["paths"], path
        operation = schema["paths"][path]["get"]
        parameters = {parameter["name"] for parameter in operation.get("parameters", [])}
        assert set(endpoint.list.filters.base_fields) <= parameters, path
        step = "after" if isinstance(endpoint.list.pager, Keyset) else "offset"
        assert {"limit", step} <= parameters, path
        response = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        paginated = schema["components"]["schemas"][response.rsplit("/", 1)[1]]
        assert {"count", "count_capped", "next", "previous", "results"} <= set(paginated["properties"])
        assert "400" in operation["responses"]


@pytest.mark.parametrize("module", modules.discover(), ids=lambda module: module.name)
def test_every_write_and_object_of_a_module_is_described(module: modules.Module, schema: dict[str, Any]):
    if not module.api:
        pytest.skip(f"{module.name} declares no api= in its manifest yet")
    for endpoint in endpoints_of(module):
        base = f"/api/v1/{module.url_prefix}{endpoint.path}/"
        detail = f"{base}{{{endpoint.lookup}}}/"
        if endpoint.get is not None:
            parameter = schema["paths"][detail]["get"]["parameters"][0]
            assert (parameter["name"], parameter["schema"]["type"]) == (endpoint.lookup, "integer")
            assert "404" in schema["paths"][detail]["get"]["responses"]
        for write, path, method, code in (
            (endpoint.create, base, "post", "201"),
            (endpoint.update, detail, "patch", "200"),
            *((act.write, f"{detail}{act.name}/", "post", "200") for act in endpoint.actions),
        ):
            if write is None:
                continue
            operation = schema["paths"][path][method]
            body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            properties = schema["components"]["schemas"][body]["properties"]
            offered = set(write.form.base_fields) - set(write.leave_out)
            assert offered | {pick.name for pick in write.picks} == set(properties), path
            assert {code, "400", "403"} <= set(operation["responses"]), path
        flow = endpoint.workflow()
        if flow is not None:
            for name in flow.transition_map:
                assert "post" in schema["paths"][f"{detail}transitions/{name}/"]


def test_the_schema_is_served_to_a_signed_in_user(world, client_for):
    response = client_for(world.bob).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/unions/" in response.json()["paths"]
