"""The OpenAPI 3.1 document for /api/v1, with the findings schema derived from the contract itself."""

from __future__ import annotations

from functools import lru_cache

from triage import __version__
from triage.engine import findings_json_schema


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(required: dict, optional: dict | None = None) -> dict:
    properties = {**required, **(optional or {})}
    return {"type": "object", "required": list(required), "properties": properties}


STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
GRADE = {"type": ["integer", "null"], "minimum": 0, "maximum": 4}
SOURCES = {"type": "array", "items": _ref("Citation")}

SCHEMAS = {
    "Citation": _obj({"ref": STR, "short": STR, "section": STR}),
    "Decision": {"type": ["object", "null"], "required": ["rule", "criterion", "sources", "where"],
                 "properties": {"rule": STR, "criterion": STR, "sources": SOURCES, "where": STR}},
    "Note": _obj({"rule": STR, "syndrome": STR, "text": STR, "sources": SOURCES}),
    "Window": _obj({"from_day": INT, "to_day": {"type": ["integer", "null"]}, "label": STR, "sources": SOURCES},
                   {"contains_day": {"type": ["boolean", "null"]}}),
    "Approach": _obj({"text": STR, "grades": {"type": "array", "items": INT}, "sources": SOURCES}),
    "Syndrome": _obj({
        "id": {"enum": ["crs", "icans", "mas_hlh", "b_cell_aplasia"]}, "name": STR, "short_name": STR,
        "grade": GRADE, "flagged": BOOL,
        "listed_because": {"type": "array", "items": {"enum": ["grade", "flag", "signs"]}},
        "scales": {"type": "array", "items": STR}, "decided_by": _ref("Decision"),
        "signs": {"type": "array", "items": _obj({"id": STR, "plain": STR, "clinical": STR})},
        "assessment_note": STR, "notes": {"type": "array", "items": _ref("Note")},
        "timing": _obj({"day": {"type": ["integer", "null"]}, "fits": {"type": ["boolean", "null"]}, "note": STR,
                        "windows": {"type": "array", "items": _ref("Window")}}),
        "management": {"type": "array", "items": _ref("Approach")}}),
    "TraceEntry": _obj({"rule": STR, "kind": {"enum": ["grade", "flag", "signs", "note", "urgency"]},
                        "syndrome": NSTR, "grade": GRADE, "level": NSTR, "fired": BOOL, "criterion": STR,
                        "reason": STR, "sources": SOURCES, "where": STR}),
    "Result": {**_obj({
        "content_version": STR, "findings": _ref("Findings"),
        "grades": _obj({"crs": GRADE, "icans": GRADE}),
        "flags": _obj({"crs": BOOL, "icans": BOOL, "mas_hlh": BOOL, "b_cell_aplasia": BOOL}),
        "syndromes": {"type": "array", "items": _ref("Syndrome")},
        "urgency": _obj({"level": {"enum": ["emergency", "contact_now", "nothing_entered", "no_warning_signs"]},
                         "title": STR, "message": {"type": "string", "pattern": "Contact your care team\\.$"},
                         "because": {"type": "array", "items": _obj({"rule": STR, "criterion": STR})},
                         "decided_by": _ref("Decision"), "sources": SOURCES}),
        "notes": {"type": "array", "items": _ref("Note")},
        "trace": {"type": "array", "items": _ref("TraceEntry")},
        "sources": {"type": "object", "additionalProperties": _obj({"short": STR, "title": STR}),
                    "description": "Every cited source once: ref -> short name and full title."},
        "closing": {"const": "Contact your care team."}}),
        "description": "The engine's answer; `closing` is always 'Contact your care team.'"},
    "Problem": {**_obj({"type": STR, "title": STR, "status": INT, "detail": STR},
                       {"field": NSTR, "allowed": {"type": "array", "items": STR}}),
                "description": "RFC 9457 problem details; `field` names the offending findings field."},
    "Checklists": _obj({"content_version": STR, "checklists": {"type": "array", "items": _obj({
        "id": STR, "syndrome": STR, "title": STR, "plain_title": STR,
        "items": {"type": "array", "items": _obj({"id": STR, "plain": STR, "clinical": STR,
                                                  "group": {"enum": ["sign", "vital_sign", "neurological", "lab"]},
                                                  "sources": SOURCES})}})}}),
    "Syndromes": _obj({"content_version": STR, "syndromes": {"type": "array", "items": _obj({
        "id": STR, "name": STR, "short_name": STR, "summary": STR, "plain_summary": STR, "sources": SOURCES,
        "timing": _obj({"note": STR, "windows": {"type": "array", "items": _ref("Window")}}),
        "management": {"type": "array", "items": _ref("Approach")},
        "glossary": {"type": "array", "items": STR}})}}),
    "Glossary": _obj({"content_version": STR, "terms": {"type": "array", "items": _obj({
        "id": STR, "term": STR, "aliases": {"type": "array", "items": STR}, "plain": STR, "clinical": STR,
        "sources": SOURCES})}}),
    "Scenarios": _obj({"content_version": STR, "scenarios": {"type": "array", "items": _obj({
        "id": STR, "title": STR, "audience": {"type": "array", "items": STR}, "steps": INT})}}),
    "Scenario": _obj({
        "content_version": STR, "id": STR, "title": STR, "audience": {"type": "array", "items": STR},
        "objectives": {"type": "array", "items": STR}, "background": STR, "sources": SOURCES,
        "steps": {"type": "array", "items": _obj({
            "number": INT, "day": INT, "narrative": STR, "findings": _ref("Findings"),
            "ask_first": {"type": "array", "items": STR,
                          "description": "Questions for the group before the answer is shown"},
            "prompts": {"type": "array", "items": STR, "description": "Discussion prompts to go with the answer"},
            "answer": _obj({"grades": _obj({"crs": GRADE, "icans": GRADE}),
                            "flags": {"type": "object", "additionalProperties": BOOL},
                            "syndromes": {"type": "array", "items": _obj({
                                "id": STR, "grade": GRADE, "flagged": BOOL, "decided_by": NSTR})},
                            "urgency": STR})})},
        "debrief": {"type": "array", "items": _obj({"text": STR, "sources": SOURCES})},
        "closing": {"const": "Contact your care team."}}),
}


def _response(schema: str, description: str, media: str = "application/json") -> dict:
    return {"description": description, "content": {media: {"schema": _ref(schema)}}}


PROBLEMS = {str(code): _response("Problem", text, "application/problem+json") for code, text in [
    (400, "The body is not UTF-8 JSON, or the query has a parameter other than trace=true|false"),
    (413, "The body is too large"), (415, "The body is not application/json"),
    (422, "The findings break the contract (the field is named)")]}


def _get(summary: str, schema: str) -> dict:
    return {"get": {"summary": summary, "responses": {"200": _response(schema, summary)}}}


@lru_cache(maxsize=1)
def _document() -> dict:
    schemas = {**SCHEMAS, "Findings": findings_json_schema()}
    return {
        "openapi": "3.1.0",
        "info": {"title": "CAR-T Toxicity Trainer API", "version": __version__,
                 "description": "Educational only, not for clinical decisions. Every result ends with "
                                "'Contact your care team.'"},
        "paths": {
            "/api/v1/evaluate": {"post": {
                "summary": "Evaluate a findings document (the same result as `triage evaluate --json`)",
                "parameters": [{
                    "name": "trace", "in": "query", "required": False,
                    "schema": {"enum": ["true", "false"], "default": "true"},
                    "description": "false: leave out the trace (\"trace\": []), the reason for each of the "
                                   "rules, which is most of the answer and of the work"}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("Findings")}}},
                "responses": {"200": _response("Result", "The result"), **PROBLEMS}}},
            "/api/v1/checklists": _get("Every checklist and its items", "Checklists"),
            "/api/v1/syndromes": _get("Every syndrome: summary, timing windows, management", "Syndromes"),
            "/api/v1/glossary": _get("Every glossary term", "Glossary"),
            "/api/v1/scenarios": _get("The scenario library", "Scenarios"),
            "/api/v1/scenarios/{scenario_id}": {"get": {
                "summary": "One scenario with its steps",
                "parameters": [{"name": "scenario_id", "in": "path", "required": True, "schema": STR}],
                "responses": {"200": _response("Scenario", "The scenario"),
                              "404": _response("Problem", "No such scenario", "application/problem+json")}}},
            "/api/v1/openapi.json": {"get": {"summary": "This document", "responses": {"200": {
                "description": "The OpenAPI 3.1 document", "content": {"application/json": {}}}}}},
        },
        "components": {"schemas": schemas},
    }


def openapi_document(_content=None) -> dict:
    return _document()
