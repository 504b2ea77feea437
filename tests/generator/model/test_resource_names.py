"""Names of the resource convention (DESIGN section 4) on shapes real specs have."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

from openapi_sdkgen.config import load_config
from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.model.api import build_api
from openapi_sdkgen.spec.load import load_document
from openapi_sdkgen.spec.resolve import Resolver


def make_api(tmp_path: Path, paths: Dict[str, Any], schemas: Dict[str, Any] | None = None) -> ir.Api:
    spec = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": paths, "components": {"schemas": schemas or {}}}
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    api, _ = build_api(Resolver(load_document(tmp_path / "spec.json")), load_config(None, "T"), lenient=True)
    return api


def op(operation_id: str, media: str = "application/json", **extra: Any) -> Dict[str, Any]:
    return {"operationId": operation_id, "responses": {"200": {"description": "ok", "content": {media: {"schema": {"type": "string"}}}}}, **extra}


def calls(api: ir.Api) -> Dict[str, str]:
    return {o.operation_id: ".".join(o.group + (o.py_name,)) for o in api.operations}


def test_version_segments_and_extensions_are_dropped_and_downloads_are_item_methods(tmp_path: Path) -> None:
    api = make_api(tmp_path, {
        "/2010-04-01/Accounts/{AccountSid}/Messages.json": {"get": op("listMessage"), "post": op("createMessage")},
        "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json": {"get": op("fetchMessage")},
        "/v1/files/{file_id}/content": {"get": op("downloadFile", "application/octet-stream")},
        "/v1/files/{file_id}": {"get": op("retrieveFile")},
        "/v1/reports/{id}/export": {"get": op("exportReport", "text/csv"), "post": op("makeExport")},
    })
    assert calls(api) == {
        "listMessage": "accounts.messages.list", "createMessage": "accounts.messages.create", "fetchMessage": "accounts.messages.retrieve",
        "downloadFile": "files.content", "retrieveFile": "files.retrieve",
        "exportReport": "reports.export.retrieve", "makeExport": "reports.export.create",  # a download is one thing, not a list
    }


def test_comparison_suffixes_are_spelled_and_places_tell_clashing_names_apart(tmp_path: Path) -> None:
    path = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in ("AccountSid", "Sid")]
    query = path[:1] + [{"name": n, "in": "query", "schema": {"type": "string"}} for n in ("DateSent", "DateSent<", "DateSent>", "Count>=")]
    body = {"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"AccountSid": {"type": "string"}}}}}}
    api = make_api(tmp_path, {
        "/Accounts/{AccountSid}/Messages": {"get": op("listMessage", parameters=query)},
        "/Accounts/{AccountSid}/Numbers/{Sid}": {"post": op("updateNumber", parameters=path, requestBody=body)},
    }).operations
    by_id = {o.operation_id: {p.wire_name + "@" + p.location: p.py_name for p in o.params} for o in api}
    assert by_id["listMessage"] == {"AccountSid@path": "account_sid", "DateSent@query": "date_sent", "DateSent<@query": "date_sent_before",
                                    "DateSent>@query": "date_sent_after", "Count>=@query": "count_on_or_after"}
    assert by_id["updateNumber"] == {"AccountSid@path": "account_sid", "Sid@path": "sid", "AccountSid@body": "body_account_sid"}


def test_long_names_lose_repeated_words_not_take_a_hash(tmp_path: Path) -> None:
    key = "api.v2010.account.incoming_phone_number.incoming_phone_number_assigned_add_on.incoming_phone_number_assigned_add_on_extension"
    schemas = {key: {"type": "object", "properties": {"a": {"type": "string"}}}, "api.v2010.account": {"type": "object", "properties": {"b": {"type": "string"}}}}
    names = {d.name for d in make_api(tmp_path, {}, schemas).definitions}
    assert names == {"Account", "AccountIncomingPhoneNumberAssignedAddOnExtension"}  # the namespace all schemas share is left out
    long = naming.class_name("Put" + "Metadata Templates Enterprise Security Classification Schema Add Data Static Config " * 2 + "Classification")
    assert len(long) <= 96 and long.startswith("PutMetadataTemplates") and long.endswith("Classification")
    assert not any(ch.isdigit() for ch in long)


def test_actions_listings_and_singletons_read_as_people_name_them(tmp_path: Path) -> None:
    api = make_api(tmp_path, {
        "/certificates": {"get": op("listCertificates"), "post": op("createCertificate")},
        "/certificates/activate": {"post": op("activateCertificates")},
        "/uploads/{upload_id}/parts": {"post": op("addPart")},
        "/uploads/{upload_id}/complete": {"post": op("completeUpload")},
        "/jobs/{job_id}/events": {"get": op("listEvents")},
        "/organization/data_retention": {"get": op("getRetention"), "post": op("setRetention")},
        "/pets": {"get": op("listPets"), "post": op("addPet")},
        "/responses?beta=true": {"post": op("betaCreate")},
    })
    assert calls(api) == {
        "listCertificates": "certificates.list", "createCertificate": "certificates.create", "activateCertificates": "certificates.activate",
        "addPart": "uploads.parts.create", "completeUpload": "uploads.complete", "listEvents": "jobs.list_events",
        "getRetention": "organization.data_retention.retrieve", "setRetention": "organization.data_retention.update",
        "listPets": "pets.list", "addPet": "pets.create", "betaCreate": "responses.create",
    }
