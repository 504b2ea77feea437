"""OpenAPI document -> `ir.Api`: every operation, with its parameters, body, responses and
errors, grouped into resources. Nothing is dropped silently: an operation that cannot be
generated is an error; an ignored one is reported as a warning.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, List, Optional, Tuple

from openapi_sdkgen.diagnostics import Diagnostic, GeneratorError
from openapi_sdkgen.model import ir, naming, speakeasy
from openapi_sdkgen.model.bodies import request_body
from openapi_sdkgen.model.fold import fold_identical
from openapi_sdkgen.model.globals import global_parameters, with_globals
from openapi_sdkgen.model.grouping import action_paths, build_resources, group_and_name, singleton_paths
from openapi_sdkgen.model.http import METHODS, has_control
from openapi_sdkgen.model.pagination import pagination
from openapi_sdkgen.model.parameters import operation_parameters, unique_params
from openapi_sdkgen.model.policies import idempotency_header, retries, timeout_ms
from openapi_sdkgen.model.responses import ErrorClasses, SuccessResponses, accept_headers
from openapi_sdkgen.model.security import SecurityBuilder, is_secured, operation_security
from openapi_sdkgen.model.servers import operation_server, server_url, servers
from openapi_sdkgen.model.types import TypeBuilder
from openapi_sdkgen.spec.resolve import Located, Resolver


def build_api(resolver: Resolver, config: ir.SdkConfig, lenient: bool = False) -> Tuple[ir.Api, List[Diagnostic]]:
    """The IR and its warnings; errors (those --lenient tolerates among them, unless `lenient`)
    raise GeneratorError, each once."""
    builder = _ApiBuilder(resolver, config)
    api = builder.build()
    diagnostics = list(dict.fromkeys(d.under(lenient) for d in builder.diagnostics))
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise GeneratorError(errors)
    return replace(api, warnings=tuple(str(d) for d in diagnostics if d.severity == "warning")), diagnostics


class _ApiBuilder:
    def __init__(self, resolver: Resolver, config: ir.SdkConfig) -> None:
        self.resolver = resolver
        self.config = config
        self.data: Dict[str, Any] = resolver.root.data
        reserved = set(naming.SDK_RESERVED_CLASSES) | {config.sdk_class}
        self.types = TypeBuilder(resolver, naming.Registry(reserved))
        self.errors = ErrorClasses(self.types, resolver)
        self.successes = SuccessResponses(self.types, resolver)
        self.operation_ids = naming.Registry()
        self.speakeasy = speakeasy.convention(config.naming, self.data) == speakeasy.SPEAKEASY
        self.parameter_name = speakeasy.parameter_name if self.speakeasy else naming.parameter_name

    @property
    def diagnostics(self) -> List[Diagnostic]:
        return self.types.diagnostics

    def build(self) -> ir.Api:
        root = self.resolver.root_node()
        self.types.claim_component_names(((self.data.get("components") or {}).get("schemas")) or {})
        security = SecurityBuilder(self.types, self.resolver, self.data)
        self.auth, primary = security.auth()
        self.servers = servers(self.types, self.resolver, self.data)
        self.globals = global_parameters(self.types, self.resolver, root, self.parameter_name)
        operations = self._operations(root)
        self._components(root)
        self._unknown_no_pagination(root, operations)
        self.types.untangle_alias_cycles()
        definitions, operations = fold_identical(self.types.definitions, operations, self.types.component_names)
        definitions.update((d.name, d) for d in security.definitions(self.auth))
        info = self.data.get("info") or {}
        return ir.Api(
            title=str(info.get("title") or self.config.sdk_class),
            version=str(info.get("version") or ""),
            doc=ir.Doc(summary=str(info.get("title") or ""), description=str(info.get("description") or "")),
            server_url=server_url(self.servers),
            security=primary,
            definitions=tuple(definitions[name] for name in sorted(definitions)),
            root=build_resources(operations, self.config.sdk_class),
            config=self.config,
            retries=retries(self.types, root),
            timeout_ms=timeout_ms(self.data),
            warnings=tuple(str(d) for d in self.diagnostics if d.severity == "warning"),
            servers=self.servers,
            auth=self.auth,
            globals=self.globals,
        )

    def _components(self, root: Located) -> None:
        """Every component schema becomes a type, used by an operation or not."""
        schemas = ((self.data.get("components") or {}).get("schemas")) or {}
        for key in schemas:
            self.types.type_of(Located({"$ref": "#/components/schemas/" + _escape(key)}, root.file, ("components", "schemas", key)), key)

    def _unknown_no_pagination(self, root: Located, operations: List[ir.Operation]) -> None:
        known = {op.operation_id for op in operations}
        for name in self.config.no_pagination:
            if name not in known:
                self.types.warn(root, f"no_pagination (config): no operation has the operationId {name!r}")

    def _operations(self, root: Located) -> List[ir.Operation]:
        found: List[ir.Operation] = []
        paths = self.data.get("paths") or {}
        self._action_paths = action_paths(paths)
        self._singletons = singleton_paths(paths)
        for path in paths:
            if has_control(str(path)):
                self.types.fail(root.child("paths", path), "a path must not contain control characters or line breaks")
                continue
            item = self.resolver.deref(root.child("paths", path))
            if not isinstance(item.node, dict):
                continue
            for method in METHODS:
                if method in item.node:
                    op = self._operation(item, path, method)
                    if op is not None:
                        found.append(op)
        return found

    def _operation(self, item: Located, path: str, method: str) -> Optional[ir.Operation]:
        loc = item.child(method)
        node = loc.node
        if not isinstance(node, dict):
            self.types.fail(loc, "an operation must be an object")
            return None
        if node.get("x-speakeasy-ignore") is True:
            self.types.warn(loc, "skipped: x-speakeasy-ignore is true")
            return None
        raw_id = node.get("operationId") or f"{method}_{path}"
        operation_id = str(raw_id)
        if self.operation_ids.taken(operation_id):
            self.types.fail(loc, f"duplicate operationId {operation_id!r}")
            return None
        self.operation_ids.claim(operation_id)
        hint = naming.class_name(operation_id)
        params = with_globals(operation_parameters(self.types, self.resolver, item, loc, hint, self.parameter_name), self.globals)
        body, body_params = request_body(self.types, self.resolver, loc, hint, self.parameter_name, len(params) if self.speakeasy else None)
        outcomes = self.successes.of_operation(loc, hint)
        stream = outcomes.stream
        if self.speakeasy:
            group, name = speakeasy.group_and_name(node, operation_id)
        else:
            group, name = group_and_name(node, path, method, self._action_paths, self._singletons)
        params = unique_params(params + body_params)
        if stream is not None and stream.switch is not None:
            switch = next((p.py_name for p in params if p.location == "body" and p.wire_name == stream.switch), None)
            stream = replace(stream, switch=switch)
        errors = self.errors.of_operation(loc, hint)
        # with no success body, Speakeasy's Accept names what the error bodies are
        media_types = outcomes.media_types or tuple(dict.fromkeys(e.content_type for e in errors if e.content_type != "*/*"))
        accept, stream_accept = accept_headers(media_types, stream is not None and stream.switch is not None)
        op = ir.Operation(
            operation_id=operation_id,
            py_name=name,
            group=group,
            method=method.upper(),
            path=path,
            params=params,
            body=body,
            response=outcomes.responses[0] if outcomes.responses else None,
            stream=stream,
            errors=errors,
            doc=ir.Doc(summary=str(node.get("summary") or ""), description=str(node.get("description") or ""), deprecated=bool(node.get("deprecated"))),
            pointer=loc.pointer,
            retries=retries(self.types, loc),
            timeout_ms=timeout_ms(node),
            secured=is_secured(node, self.data),
            responses=outcomes.responses,
            accept=accept,
            stream_accept=stream_accept,
            response_headers=outcomes.headers_type,
            security=operation_security(node, self.auth),
            server=operation_server(self.types, item, loc, self.servers),
            idempotency_header=idempotency_header(params, method.upper(), self.config.idempotency_header),
        )
        return replace(op, pagination=pagination(self.types, self.resolver, loc, op, self.config))


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")
