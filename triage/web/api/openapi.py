"""The OpenAPI 3.1 document for /api/v1, with the findings schema derived from the contract itself."""

from __future__ import annotations

from triage import __version__
from triage.engine import Content

from ..live.questions import LEFT_OUT_LEVELS


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


def _response(schema: str, description: str, media: str = "application/json", **extra) -> dict:
    return {"description": description, "content": {media: {"schema": _ref(schema)}}, **extra}


PROBLEM_TEXT = {
    400: "The request is malformed: a body that is not UTF-8 JSON, a query parameter this operation does not take, "
         "or a missing device header",
    401: "No host token: send it as Authorization: Bearer <token>",
    403: "The host token does not fit this session",
    404: "Nothing here by that name (the problem's detail says which)",
    409: "The request does not fit the session's state: a step that is not current, or already revealed",
    413: "The body is too large",
    414: "The address is too long",
    415: "The body is not application/json",
    422: "The body breaks the contract (the problem names the field)",
    429: "A limit was reached: live sessions per host, or answers per step",
    503: "Live sessions are not available just now (the store cannot be reached)",
}


def _problems(*codes: int) -> dict:
    """problem+json answers for these status codes, and for the ones any request can get (400, 414)."""
    return {str(code): _response("Problem", PROBLEM_TEXT[code], "application/problem+json")
            for code in sorted({400, 414, *codes})}


def _get(summary: str, schema: str) -> dict:
    return {"get": {"summary": summary, "responses": {"200": _response(schema, summary), **_problems()}}}


CODE = {"name": "code", "in": "path", "required": True, "description": "The session's join code (6 characters)",
        "schema": {"type": "string", "minLength": 1, "maxLength": 40}}
HOST_ONLY = [{"host_token": []}]
ANSWER = {"type": ["integer", "string", "array", "null"], "items": STR}


def _live_schemas(content: Content) -> dict:
    counts = {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": INT}}
    return {
        "LiveStart": {**_obj({"scenario": STR}), "additionalProperties": False},
        "LiveStarted": _obj({"code": STR, "host_token": {**STR, "description": "Returned once: keep it to host"},
                             "join_url": STR}),
        "LiveState": _obj({"scenario": STR, "step": INT, "steps": INT, "revealed": BOOL, "responses": INT,
                           "tally": {**counts, "description": "question -> {answer: how many gave it}"}},
                          {"answer": {"type": "object", "additionalProperties": ANSWER,
                                      "description": "The engine's answer, only once the step is revealed"}}),
        "LiveAnswers": {**_obj({"step": INT, "answers": _live_answers(content)}), "additionalProperties": False},
        "LiveAnswered": _obj({"step": INT, "kept": BOOL}),
        "LiveEnded": _obj({"ended": BOOL, "debrief": {"type": "array", "items": _obj({
            "step": INT, "responses": INT,
            "share_right": {"type": "object", "additionalProperties": {"type": ["number", "null"]}},
            "misconception": {"type": ["object", "null"]}})}}),
    }


def _live_answers(content: Content) -> dict:
    """The questions a live step can ask (which of them it asks depends on its scenario)."""
    grade = {"type": ["integer", "null"], "minimum": 0, "maximum": 4, "description": "null: not gradable from this"}
    levels = [level.id for level in content.levels if level.id not in LEFT_OUT_LEVELS]
    return {"type": "object", "minProperties": 1, "additionalProperties": False, "properties": {
        **{f"{s}_grade": grade for s in content.graded}, "urgency": {"enum": levels},
        "signs": {"type": "array", "uniqueItems": True, "items": {"enum": sorted(content.items)}}},
        "description": "Which of these questions a step asks, and which signs, depends on its scenario (a "
                       "caregivers' scenario asks no grade): one it does not ask gets a 422 naming it."}


def _live_paths() -> dict:
    def host(summary: str, schema: str) -> dict:
        return {"post": {"summary": summary, "parameters": [CODE], "security": HOST_ONLY,
                         "responses": {"200": _response(schema, summary), **_problems(401, 403, 404, 409, 503)}}}

    json_body = {"content": {"application/json": {"schema": _ref("LiveStart")}}, "required": True}
    return {
        "/api/v1/live": {"post": {
            "summary": "Start a live session on a scenario; the host token is returned once",
            "requestBody": json_body,
            "responses": {"201": _response("LiveStarted", "The session", links={"LiveState": {
                "operationId": "liveState", "parameters": {"code": "$response.body#/code"}}}),
                **_problems(404, 413, 415, 422, 429, 503)}}},
        "/api/v1/live/{code}": {"get": {
            "operationId": "liveState", "summary": "The session as everyone may see it", "parameters": [CODE],
            "responses": {"200": _response("LiveState", "The session"), **_problems(404, 503)}}},
        "/api/v1/live/{code}/answers": {"post": {
            "summary": "A learner's answers to the current step (answering again replaces them)",
            "parameters": [CODE, {"name": "X-Device", "in": "header", "required": True, "schema": {
                "type": "string", "minLength": 1, "maxLength": 64},
                "description": "The learner's device: any text of up to 64 characters that stays the same for "
                               "one device (the learner pages send their device cookie instead)"}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("LiveAnswers")}}},
            "responses": {"201": _response("LiveAnswered", "Kept"), **_problems(404, 409, 413, 415, 422, 429, 503)}}},
        "/api/v1/live/{code}/reveal": host("Show the engine's answer to the current step", "LiveState"),
        "/api/v1/live/{code}/next": host("Move on to the next step", "LiveState"),
        "/api/v1/live/{code}/end": host("End the session: its debrief, then everything is deleted", "LiveEnded"),
    }


def openapi_document(content: Content) -> dict:
    """The OpenAPI 3.1 document of /api/v1, for this content."""
    schemas = {**_schemas(content), **_live_schemas(content), "Findings": content.contract.json_schema(content.items)}
    return {
        "openapi": "3.1.0",
        "info": {"title": "CAR-T Toxicity Trainer API", "version": __version__,
                 "description": "Educational only, not for clinical decisions. Every result ends with "
                                "'Contact your care team.' Every error is application/problem+json; a method "
                                "a path does not take gets 405 with an Allow header."},
        "paths": {
            "/api/v1/evaluate": {"post": {
                "summary": "Evaluate a findings document (the same result as `triage evaluate --json`)",
                "parameters": [{
                    "name": "trace", "in": "query", "required": False,
                    "schema": {"enum": ["true", "false"], "default": "false"},
                    "description": "true: add `trace`, every rule checked with its outcome (met, not_met or "
                                   "unknown), its reason and the unknown findings"}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("Findings")}}},
                "responses": {"200": _response("Result", "The result"), **_problems(413, 415, 422)}}},
            "/api/v1/checklists": _get("Every checklist and its items", "Checklists"),
            "/api/v1/syndromes": _get("Every syndrome: summary, timing windows, management", "Syndromes"),
            "/api/v1/glossary": _get("Every glossary term", "Glossary"),
            "/api/v1/scenarios": _get("The scenario library", "Scenarios"),
            "/api/v1/scenarios/{scenario_id}": {"get": {
                "summary": "One scenario with its steps",
                "parameters": [{"name": "scenario_id", "in": "path", "required": True, "schema": STR}],
                "responses": {"200": _response("Scenario", "The scenario"), **_problems(404)}}},
            **_live_paths(),
            "/api/v1/openapi.json": {"get": {"summary": "This document", "responses": {"200": {
                "description": "The OpenAPI 3.1 document", "content": {"application/json": {}}}, **_problems()}}},
        },
        "components": {"schemas": schemas, "securitySchemes": {"host_token": {
            "type": "http", "scheme": "bearer", "description": "The host token POST /api/v1/live returned"}}},
    }
