"""The OpenAPI 3.1 document for /api/v1, with the findings schema derived from the contract itself."""

from __future__ import annotations

from triage import __version__
from triage.engine import Content


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
UNASSESSED = {"type": ["array", "null"], "items": {"type": "string"}}
SOURCES = {"type": "array", "items": _ref("Citation")}


def _schemas(content: Content) -> dict:
    graded = {s: GRADE for s in content.graded}
    return {
        "Citation": _obj({"ref": STR, "short": STR, "section": STR}),
        "Decision": {"type": ["object", "null"], "required": ["rule", "criterion", "sources", "where"],
                     "properties": {"rule": STR, "criterion": STR, "sources": SOURCES, "where": STR,
                                    "because": {**STR, "description": "What the deciding rule read, in words, "
                                                                      "with the grade: 'ANC ≤ 500 for 9 days "
                                                                      "(days 3–11) → grade 2'."}}},
        "Note": _obj({"rule": STR, "syndrome": STR, "text": STR, "sources": SOURCES}),
        "Window": _obj({"from_day": INT, "to_day": {"type": ["integer", "null"]}, "label": STR, "sources": SOURCES},
                       {"contains_day": {"type": ["boolean", "null"]}}),
        "Approach": _obj({"text": STR, "grades": {"type": "array", "items": INT}, "sources": SOURCES}),
        "Syndrome": _obj({
            "id": {"enum": list(content.syndromes)}, "name": STR, "short_name": STR,
            "grade": GRADE, "grade_at_most": GRADE, "unassessed": UNASSESSED, "flagged": BOOL,
            "listed_because": {"type": "array", "items": {"enum": ["grade", "flag", "signs"]}},
            "scales": {"type": "array", "items": STR}, "decided_by": _ref("Decision"),
            "signs": {"type": "array", "items": _obj({"id": STR, "plain": STR, "clinical": STR})},
            "assessment_note": STR, "notes": {"type": "array", "items": _ref("Note")},
            "timing": _obj({"day": {"type": ["integer", "null"]}, "fits": {"type": ["boolean", "null"]}, "note": STR,
                            "windows": {"type": "array", "items": _ref("Window")}}),
            "management": {"type": "array", "items": _ref("Approach")}}),
        "TraceEntry": _obj({"rule": STR, "kind": {"enum": ["grade", "flag", "signs", "note", "urgency"]},
                            "syndrome": NSTR, "grade": GRADE, "level": NSTR, "fired": BOOL,
                            "outcome": {"enum": ["met", "not_met", "unknown"],
                                        "description": "met or not_met when the findings decide it whatever the blanks "
                                                       "hold; unknown when what was left blank could go either way"},
                            "criterion": STR, "reason": STR, "unknown": {"type": "array", "items": STR},
                            "sources": SOURCES, "where": STR}),
        "Result": {**_obj({
            "content_version": STR, "findings": _ref("Findings"),
            "grades": {**_obj(graded), "description": "Each graded syndrome's grade, every blank read as normal; null "
                                                       "when no field that grades it is given."},
            "grades_at_most": {**_obj(graded), "description": "The highest grade the blanks could reach."},
            "unassessed": {**_obj({s: UNASSESSED for s in content.graded}),
                           "description": "The fields, left blank, that could raise each grade."},
            "flags": _obj({s: BOOL for s in content.flagged}),
            "syndromes": {"type": "array", "items": _ref("Syndrome")},
            "urgency": _obj({"level": {"enum": [level.id for level in content.levels]},
                             "title": STR, "message": {"type": "string", "pattern": "Contact your care team\\.$"},
                             "because": {"type": "array", "items": _obj({"rule": STR, "criterion": STR})},
                             "decided_by": _ref("Decision"), "sources": SOURCES}),
            "notes": {"type": "array", "items": _ref("Note")},
            "sources": {"type": "object", "additionalProperties": _obj({"short": STR, "title": STR}),
                        "description": "Every cited source once: ref -> short name and full title."},
            "closing": {"const": "Contact your care team."}}, {
            "trace": {"type": "array", "items": _ref("TraceEntry"),
                      "description": "Only with ?trace=true: every rule checked, met or not."}}),
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
                "answer": _obj({"grades": _obj(graded), "grades_at_most": _obj(graded),
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


def openapi_document(content: Content) -> dict:
    """The OpenAPI 3.1 document of /api/v1, for this content."""
    schemas = {**_schemas(content), "Findings": content.contract.json_schema(content.items)}
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
                    "schema": {"enum": ["true", "false"], "default": "false"},
                    "description": "true: add `trace`, every rule checked with its outcome (met, not_met or "
                                   "unknown), its reason and the unknown findings"}],
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

