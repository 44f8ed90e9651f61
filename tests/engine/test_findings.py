"""The findings contract: every field optional, every bound stated, every error names the field."""

from __future__ import annotations

import pytest

from triage.engine import FindingsError

ITEMS = ("fever", "headache")


@pytest.fixture(scope="module", autouse=True)
def _contract(content):
    global CONTRACT
    CONTRACT = content.contract


def parse_findings(data, items=ITEMS):
    return CONTRACT.parse(data, items)


def error_of(data) -> FindingsError:
    with pytest.raises(FindingsError) as caught:
        parse_findings(data, ITEMS)
    return caught.value


def test_an_empty_document_is_valid_and_means_nothing_given():
    findings = parse_findings({}, ITEMS)
    assert not findings
    assert findings.to_dict() == {}


def test_null_values_are_treated_as_not_given():
    assert parse_findings({"temperature_c": None}, ITEMS).to_dict() == {}


@pytest.mark.parametrize(
    ("field", "low", "high"),
    [
        ("age_years", 0, 120),
        ("days_since_infusion", 0, 3650),
        ("temperature_c", 30, 45),
        ("oxygen_flow_l_min", 0, 80),
        ("ice_score", 0, 10),
        ("capd_score", 0, 32),
    ],
    ids=["age", "day", "temperature", "oxygen_flow", "ice", "capd"],
)
def test_both_bounds_are_inclusive(field, low, high):
    extra = {"age_years": 5} if field == "capd_score" else {}
    assert parse_findings({field: low, **extra}, ITEMS).given[field] == low
    assert parse_findings({field: high, **extra}, ITEMS).given[field] == high


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"temperature_c": 45.1}, "temperature_c: takes a number from 30 to 45 °C, got 45.1"),
        ({"temperature_c": 29.9}, "temperature_c: takes a number from 30 to 45 °C, got 29.9"),
        ({"temperature_c": "38.5"}, "temperature_c: takes a number from 30 to 45 °C, got '38.5'"),
        ({"temperature_c": True}, "temperature_c: takes a number from 30 to 45 °C, got true"),
        ({"temperature_c": float("nan")}, "temperature_c: takes a number from 30 to 45 °C, got nan"),
        ({"oxygen_flow_l_min": 81}, "oxygen_flow_l_min: takes a number from 0 to 80 L/min, got 81"),
        ({"age_years": 12.5}, "age_years: takes a whole number from 0 to 120 years, got 12.5"),
        ({"age_years": -1}, "age_years: takes a whole number from 0 to 120 years, got -1"),
        ({"ice_score": 11}, "ice_score: takes a whole number from 0 to 10, got 11"),
    ],
    ids=[
        "temp_high",
        "temp_low",
        "temp_text",
        "temp_bool",
        "temp_nan",
        "flow_high",
        "age_fraction",
        "age_negative",
        "ice_high",
    ],
)
def test_out_of_range_or_wrong_type_numbers_are_refused(data, message):
    assert str(error_of(data)) == message


def test_an_unknown_field_is_named_with_a_suggestion():
    error = error_of({"temperature": 38})
    assert str(error) == "temperature: is not a findings field (did you mean 'temperature_c'?)"
    assert "temperature_c" in error.allowed


def test_an_unknown_choice_names_the_allowed_values():
    error = error_of({"oxygen_device": "nasal_canula"})
    assert str(error) == (
        "oxygen_device: takes one of: room_air, nasal_cannula, blow_by, high_flow_nasal_cannula, "
        "simple_facemask, nonrebreather, venturi_mask, cpap, bipap, mechanical_ventilation, "
        "got 'nasal_canula' (did you mean 'nasal_cannula'?)"
    )
    assert error.allowed[0] == "room_air"


def test_an_unknown_checklist_item_is_refused():
    assert str(error_of({"checked": ["fevr"]})) == "checked: unknown checklist item 'fevr' (did you mean 'fever'?)"


def test_a_value_listed_twice_is_refused():
    assert (
        str(error_of({"vasopressors": ["vasopressin", "vasopressin"]})) == "vasopressors: 'vasopressin' is listed twice"
    )


def test_a_derived_value_cannot_be_given():
    assert str(error_of({"ice_total": 5})) == "ice_total: is worked out by the tool and cannot be given"


def test_the_document_must_be_a_mapping():
    assert str(error_of(["temperature_c", 38])) == "a findings document must be a mapping of field names to values"


def test_ice_items_add_up_to_ice_total():
    items = {
        "orientation_year": 1,
        "orientation_month": 1,
        "orientation_city": 1,
        "orientation_hospital": 0,
        "naming": 2,
        "follows_command": 1,
        "writing": 1,
        "attention": 0,
    }
    assert parse_findings({"ice_items": items}, ITEMS).values["ice_total"] == 7


def test_ice_items_must_all_be_given():
    assert str(error_of({"ice_items": {"naming": 3}})) == (
        "ice_items: needs every item to add up the score; not given: Orientation: year; Orientation: month; "
        "Orientation: city; Orientation: hospital; Follows a simple command; Writes a standard sentence; "
        "Counts backwards from 100 by 10"
    )


def test_an_ice_item_above_its_points_is_refused():
    items = {
        "orientation_year": 1,
        "orientation_month": 1,
        "orientation_city": 1,
        "orientation_hospital": 1,
        "naming": 4,
        "follows_command": 1,
        "writing": 1,
        "attention": 1,
    }
    assert str(error_of({"ice_items": items})) == "ice_items.naming: takes a whole number from 0 to 3, got 4"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "ice_score": 7,
                "ice_items": {
                    "orientation_year": 1,
                    "orientation_month": 1,
                    "orientation_city": 1,
                    "orientation_hospital": 1,
                    "naming": 3,
                    "follows_command": 1,
                    "writing": 1,
                    "attention": 1,
                },
            },
            "ice_score: give the ICE score or the ICE score, item by item, not both",
        ),
        (
            {"age_years": 11, "ice_score": 7},
            "ice_score: is for age 12 and over; under 12, give a CAPD score instead (ASTCT 2019)",
        ),
        (
            {"age_years": 12, "capd_score": 7},
            "capd_score: is for children under 12; give an age under 12, or an ICE score instead",
        ),
        ({"capd_score": 7}, "capd_score: is for children under 12; give an age under 12, or an ICE score instead"),
        (
            {"unable_to_assess": True, "consciousness": "alert"},
            "unable_to_assess: means the person cannot be woken, but the level of consciousness is 'Alert (normal)'",
        ),
        ({"unable_to_assess": True, "ice_score": 3}, "unable_to_assess: cannot go with an ICE or CAPD result above 0"),
        (
            {"oxygen_device": "room_air", "oxygen_flow_l_min": 2},
            "oxygen_flow_l_min: is above 0 but the oxygen support is 'None (room air)'",
        ),
        (
            {"oxygen_device": "nasal_cannula"},
            "oxygen_flow_l_min: is needed with a nasal cannula: up to 6 L/min is low flow, "
            "above 6 is high flow (ASTCT 2019)",
        ),
        (
            {"hypotension": "none", "vasopressors": ["norepinephrine"]},
            "vasopressors: are listed but low blood pressure is 'None'",
        ),
    ],
    ids=[
        "ice_total_and_items",
        "ice_under_12",
        "capd_at_12",
        "capd_without_age",
        "unable_but_alert",
        "unable_with_score",
        "flow_on_room_air",
        "cannula_without_flow",
        "pressors_without_hypotension",
    ],
)
def test_a_document_that_contradicts_itself_is_refused(data, message):
    assert str(error_of(data)) == message


def test_findings_round_trip_in_contract_order():
    data = {"temperature_c": 38.5, "age_years": 40, "checked": ["headache"], "vasopressors": ["vasopressin"]}
    assert list(parse_findings(data, ITEMS).to_dict()) == ["age_years", "checked", "temperature_c", "vasopressors"]
