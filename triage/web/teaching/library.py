"""The scenario library's filters: by audience, by syndrome (what the engine lists at any step) and by length.

Filters are plain links with query parameters, so they work without JavaScript; an unknown value is a 400
that names the values allowed.
"""

from __future__ import annotations

from werkzeug.exceptions import BadRequest

from triage.engine import step_results

AUDIENCES = {"caregiver": "Caregivers", "student": "Nursing students", "trainer": "Trainers"}
LENGTHS = {"short": ("1 or 2 steps", 1, 2), "long": ("3 steps or more", 3, 10**6)}


class BadFilter(BadRequest):
    def __init__(self, name: str, allowed):
        super().__init__(f"The library cannot be filtered by that {name}: use one of {', '.join(allowed)}.")


def _syndromes_of(content, scenario_id: str) -> frozenset:
    scenario = content.scenarios[scenario_id]
    return frozenset(s.id for result in step_results(content, scenario) for s in result.syndromes)


def filter_choices(content) -> dict:
    """Each filter's values and their words, in the order the page lists them."""
    return {"audience": dict(AUDIENCES), "syndrome": {s.id: s.short_name for s in content.syndromes.values()},
            "length": {key: words for key, (words, _, _) in LENGTHS.items()}}


def library_filters(content, args) -> dict:
    """The filters chosen in the address: name -> value ('' for any); BadFilter for an unknown value."""
    chosen = {}
    for name, allowed in filter_choices(content).items():
        value = args.get(name, "")
        if value and value not in allowed:
            raise BadFilter(name, allowed)
        chosen[name] = value
    return chosen


def scenario_matches(content, scenario, chosen: dict) -> bool:
    _, low, high = LENGTHS.get(chosen["length"], ("", 0, 10**6))
    return ((not chosen["audience"] or chosen["audience"] in scenario.audience)
            and (not chosen["syndrome"] or chosen["syndrome"] in _syndromes_of(content, scenario.id))
            and low <= len(scenario.steps) <= high)
