"""Checks control API answers against the OpenAPI 3.1 description of /sim/v1
(docs/openapi/sim-v1.json, served at GET /sim/v1/openapi.json), with no
dependency: a JSON Schema checker of the keywords that document uses ($ref,
type, properties, required, additionalProperties, minProperties, items, enum,
const, oneOf, pattern, minimum, maximum, minLength). A keyword outside that set
is reported, never skipped, so a document that grows past the checker fails
the tests instead of passing unchecked."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Optional, Union

from .sandbox import ControlResponse

KEYWORDS = frozenset({"$ref", "type", "properties", "required", "additionalProperties", "minProperties", "items",
                      "enum", "const", "oneOf", "pattern", "minimum", "maximum", "minLength"})
# Keywords that only annotate (JSON Schema 2020-12's meta-data vocabulary).
ANNOTATIONS = frozenset({"description", "default", "title", "examples", "deprecated", "readOnly", "writeOnly",
                         "$comment"})
_OPERATION_KEYS = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace", "parameters",
                             "summary", "description"})


def _is_type(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return False


def _same(a: Any, b: Any) -> bool:
    """JSON equality: numbers by value (but true is not 1), objects regardless of key order."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _dump(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


class OpenApi:
    def __init__(self, document: Any) -> None:
        if not isinstance(document, dict):
            raise ValueError("an OpenAPI document is a JSON object")
        self.document: dict[str, Any] = document
        self._templates = [
            (template, re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"))
            for template in (document.get("paths") or {})
        ]

    @staticmethod
    def load(path: Union[str, Path]) -> "OpenApi":
        return OpenApi(json.loads(Path(path).read_text()))

    def pointer(self, ref: str) -> Any:
        """A JSON pointer into the document ("#/components/schemas/Error"), or None."""
        if not ref.startswith("#/"):
            return None
        value: Any = self.document
        for part in ref[2:].split("/"):
            key = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return value

    def document_problems(self) -> list[str]:
        """What is wrong with the document itself ([] when nothing): not OpenAPI 3.1,
        an operation without responses, a $ref that leads nowhere, a schema keyword
        the checker does not know."""
        problems: list[str] = []
        doc = self.document
        if not str(doc.get("openapi", "")).startswith("3.1."):
            problems.append(f"openapi is not 3.1.x: {doc.get('openapi')}")
        info = doc.get("info") or {}
        for key in ("title", "version"):
            if not isinstance(info.get(key), str):
                problems.append(f"info.{key} is missing")
        paths = doc.get("paths")
        if not isinstance(paths, dict):
            return problems + ["paths is missing"]
        for path, item in paths.items():
            if not path.startswith("/"):
                problems.append(f"path {path} does not start with /")
            for key, operation in item.items():
                where = f"{path} {key}"
                if key not in _OPERATION_KEYS:
                    problems.append(f"{where}: not an operation")
                    continue
                if key == "parameters" or not isinstance(operation, dict):
                    continue
                responses = operation.get("responses")
                if not isinstance(responses, dict) or not responses:
                    problems.append(f"{where}: no responses")
                    continue
                for status, response in responses.items():
                    response = self._resolve(response, problems, where)
                    schema = (((response or {}).get("content") or {}).get("application/json") or {}).get("schema")
                    if schema is not None:
                        self._check_schema(schema, f"{where} {status}", problems, 0)
        for name, schema in ((doc.get("components") or {}).get("schemas") or {}).items():
            self._check_schema(schema, f"components/schemas/{name}", problems, 0)
        return problems

    def _resolve(self, maybe_ref: Any, problems: list[str], where: str) -> Any:
        if isinstance(maybe_ref, dict) and isinstance(maybe_ref.get("$ref"), str):
            target = self.pointer(maybe_ref["$ref"])
            if target is None:
                problems.append(f"{where}: $ref {maybe_ref['$ref']} leads nowhere")
            return target
        return maybe_ref

    def _check_schema(self, schema: Any, where: str, problems: list[str], depth: int) -> None:
        if depth > 64 or isinstance(schema, bool):
            return
        if not isinstance(schema, dict):
            problems.append(f"{where}: a schema is an object or a boolean")
            return
        for key, arg in schema.items():
            if key in ANNOTATIONS:
                continue
            if key not in KEYWORDS:
                problems.append(f"{where}: keyword {key} is not one this checker knows")
            elif key == "$ref":
                self._resolve(schema, problems, where)
            elif key == "properties":
                for name, sub in arg.items():
                    self._check_schema(sub, f"{where}/{name}", problems, depth + 1)
            elif key in ("items", "additionalProperties"):
                self._check_schema(arg, f"{where}/{key}", problems, depth + 1)
            elif key == "oneOf":
                for i, sub in enumerate(arg):
                    self._check_schema(sub, f"{where}/oneOf/{i}", problems, depth + 1)
            elif key == "pattern":
                try:
                    re.compile(arg)
                except re.error:
                    problems.append(f"{where}: pattern {arg} does not compile")

    def _schema_for(self, method: str, path: str, status: int) -> Union[str, Any]:
        """The schema of an answer, or a problem (a str) when the document has none."""
        template = next((t for t, regex in self._templates if regex.match(path)), None)
        error = self.pointer("#/components/schemas/Error")
        # a path the document does not list (404) or a method a path does not list (405): the Error body
        if template is None:
            return error if status == 404 and error is not None else f"{path} is not in the document"
        operation = self.document["paths"][template].get(method.lower())
        if operation is None:
            return error if status == 405 and error is not None else f"{method} {template} is not in the document"
        responses = operation.get("responses") or {}
        response = responses.get(str(status), responses.get("default"))
        if response is None:
            return f"{method} {template} documents no HTTP {status}"
        if isinstance(response, dict) and "$ref" in response:
            response = self.pointer(response["$ref"])
        schema = (((response or {}).get("content") or {}).get("application/json") or {}).get("schema")
        return schema if schema is not None else f"{method} {template} {status} has no JSON schema"

    def validate_response(self, response: ControlResponse) -> list[str]:
        """The ways a control API answer differs from the document ([] when none)."""
        schema = self._schema_for(response.method, response.path, response.status)
        if isinstance(schema, str):
            return [schema]
        return [f"{response.method} {response.path} {response.status}: {p}" for p in self.validate(schema, response.body)]

    def validate(self, schema: Any, value: Any) -> list[str]:
        """Validates a value against a schema of this document; problems as "/json/pointer what"."""
        problems: list[str] = []
        self._validate(schema, value, "", problems)
        return problems

    def _validate(self, schema: Any, value: Any, at: str, problems: list[str]) -> None:
        where = at or "/"
        if schema is False:
            problems.append(f"{where} is not allowed")
            return
        if not isinstance(schema, dict):
            return  # true
        for key, arg in schema.items():
            if key in ANNOTATIONS:
                continue
            if key == "$ref":
                target = self.pointer(arg)
                if target is None:
                    problems.append(f"{where} $ref {arg} leads nowhere")
                else:
                    self._validate(target, value, at, problems)
            elif key == "type":
                kinds = arg if isinstance(arg, list) else [arg]
                if not any(_is_type(value, k) for k in kinds):
                    problems.append(f"{where} must be {' or '.join(kinds)}, is {_dump(value)}")
            elif key == "properties":
                if isinstance(value, dict):
                    for name, sub in arg.items():
                        if name in value:
                            self._validate(sub, value[name], f"{at}/{name}", problems)
            elif key == "required":
                if isinstance(value, dict):
                    problems.extend(f"{where} must have property {name}" for name in arg if name not in value)
            elif key == "additionalProperties":
                if isinstance(value, dict):
                    declared = schema.get("properties") or {}
                    for name, sub_value in value.items():
                        if name in declared:
                            continue
                        if arg is False:
                            problems.append(f"{where} must not have property {name}")
                        else:
                            self._validate(arg, sub_value, f"{at}/{name}", problems)
            elif key == "minProperties":
                if isinstance(value, dict) and len(value) < arg:
                    problems.append(f"{where} must have at least {arg} properties")
            elif key == "items":
                if isinstance(value, list):
                    for i, item in enumerate(value):
                        self._validate(arg, item, f"{at}/{i}", problems)
            elif key == "enum":
                if not any(_same(option, value) for option in arg):
                    problems.append(f"{where} must be one of {_dump(arg)}, is {_dump(value)}")
            elif key == "const":
                if not _same(arg, value):
                    problems.append(f"{where} must be {_dump(arg)}, is {_dump(value)}")
            elif key == "oneOf":
                matched = sum(1 for sub in arg if not self.validate(sub, value))
                if matched != 1:
                    problems.append(f"{where} must match exactly one schema of oneOf, matches {matched}")
            elif key == "pattern":
                if isinstance(value, str) and not re.search(arg, value):
                    problems.append(f"{where} must match {arg}, is {_dump(value)}")
            elif key == "minimum":
                if _is_type(value, "number") and value < arg:
                    problems.append(f"{where} must be >= {arg}, is {value}")
            elif key == "maximum":
                if _is_type(value, "number") and value > arg:
                    problems.append(f"{where} must be <= {arg}, is {value}")
            elif key == "minLength":
                if isinstance(value, str) and len(value) < arg:
                    problems.append(f"{where} must be at least {arg} characters long")
            else:
                problems.append(f"{where} keyword {key} is not one this checker knows")


def load_repository_document(start: Optional[Path] = None) -> OpenApi:
    """docs/openapi/sim-v1.json of the repository this package sits in (for the helper's own tests)."""
    here = (start or Path(__file__)).resolve()
    for folder in here.parents:
        candidate = folder / "docs" / "openapi" / "sim-v1.json"
        if candidate.is_file():
            return OpenApi.load(candidate)
    raise FileNotFoundError("docs/openapi/sim-v1.json was not found above " + str(here))
