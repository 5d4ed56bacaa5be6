"""Check a response body against X's published OpenAPI schema (v2.166).

``openapi-2.166.json`` is X's spec as published at https://api.x.com/2/openapi.json
(version 2.166, synced into the xdevplatform/docs repository on 2026-07-06).
OpenAPI's ``discriminator`` (Problem by ``type``, Media by ``type``) is turned
into JSON Schema conditionals so that, e.g., a resource-not-found problem must
carry its resource fields.
"""

import copy
import json
import re
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SPEC_PATH = Path(__file__).with_name("openapi-2.166.json")
_SPEC_URI = "urn:x-openapi-2.166"
_REF_PREFIX = "#/components/schemas/"


class SchemaNotFound(LookupError):
    """The spec has no response schema for this method, path, status and content type."""


def _rewrite_refs(node, old: str, new: str):
    if isinstance(node, dict):
        return {
            k: (new if k == "$ref" and v == old else _rewrite_refs(v, old, new))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(item, old, new) for item in node]
    return node


def _expand_discriminators(spec: dict) -> dict:
    schemas = spec["components"]["schemas"]
    for name, schema in list(schemas.items()):
        discriminator = schema.get("discriminator")
        if not discriminator:
            continue
        base_name = f"{name}__base"
        schemas[base_name] = {k: v for k, v in schema.items() if k != "discriminator"}
        prop = discriminator["propertyName"]
        conditions = []
        for value, target in discriminator.get("mapping", {}).items():
            target_name = target.removeprefix(_REF_PREFIX)
            schemas[target_name] = _rewrite_refs(
                schemas[target_name], _REF_PREFIX + name, _REF_PREFIX + base_name
            )
            conditions.append(
                {
                    "if": {"properties": {prop: {"const": value}}, "required": [prop]},
                    "then": {"$ref": target},
                }
            )
        schemas[name] = {"allOf": [{"$ref": _REF_PREFIX + base_name}, *conditions]}
    return spec


def _apply_errata(spec: dict) -> dict:
    """Fix what the published spec gets wrong, each fix with its evidence.

    MediaUploadResponse (POST /2/media/upload) lists ``meta`` as required but
    defines no such property, and no recorded upload answer carries one
    (xapi.md §2.5; python-twitter's v2 samples): the requirement is dropped.
    """
    upload = spec["components"]["schemas"]["MediaUploadResponse"]
    upload["required"] = [name for name in upload.get("required", []) if name != "meta"]
    if not upload["required"]:
        del upload["required"]
    return spec


@lru_cache(maxsize=1)
def spec() -> dict:
    """The spec, with discriminators made checkable and its errata fixed."""
    return _apply_errata(_expand_discriminators(copy.deepcopy(json.loads(SPEC_PATH.read_text()))))


@lru_cache(maxsize=1)
def _registry() -> Registry:
    return Registry().with_resource(_SPEC_URI, Resource.from_contents(spec(), DRAFT7))


@lru_cache(maxsize=1)
def _templates() -> list[tuple[re.Pattern, str]]:
    compiled = []
    for template in spec()["paths"]:
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        compiled.append((re.compile(f"^{pattern}$"), template))
    # Literal segments win over parameters: /2/users/me before /2/users/{id}.
    compiled.sort(key=lambda item: item[1].count("{"))
    return compiled


def path_template(path: str) -> str:
    """The spec's template for a concrete path (``/2/tweets/1`` → ``/2/tweets/{id}``)."""
    path = path.split("?", 1)[0]
    if path in spec()["paths"]:
        return path
    for pattern, template in _templates():
        if pattern.match(path):
            return template
    raise SchemaNotFound(f"no path in the spec matches {path}")


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def validator_for(method: str, path: str, status: int, content_type: str = "application/json"):
    """A validator for the response schema of ``method path`` with ``status``."""
    template = path_template(path)
    operation = spec()["paths"][template].get(method.lower())
    if operation is None:
        raise SchemaNotFound(f"{method} {template} is not in the spec")
    responses = operation["responses"]
    key = str(status) if str(status) in responses else "default"
    if key not in responses:
        raise SchemaNotFound(f"{method} {template} defines no response {status}")
    media_type = content_type.split(";", 1)[0].strip()
    content = responses[key].get("content", {})
    if media_type not in content:
        raise SchemaNotFound(f"{method} {template} {key} has no {media_type} body")
    ref = "#/" + _pointer(
        "paths", template, method.lower(), "responses", key, "content", media_type, "schema"
    )
    return Draft7Validator(
        {"$ref": _SPEC_URI + ref}, registry=_registry(), format_checker=FormatChecker()
    )


def validate_response(
    method: str, path: str, status: int, body, content_type: str = "application/json"
) -> None:
    """Raise ``jsonschema.ValidationError`` (or SchemaNotFound) unless ``body`` fits the spec."""
    validator_for(method, path, status, content_type).validate(body)
