"""The condition language: each operator states its bound; explanations say what was missing; three values."""

from __future__ import annotations

import pytest

from triage.engine.conditions import ConditionError, Facts, Scope, parse_condition


@pytest.fixture(scope="module", autouse=True)
def _scopes(content):
    global SCOPE, EXPLAINING
    SCOPE = Scope(dict(content.contract.fields), frozenset({"fever", "rash"}), frozenset({"crs", "icans"}))
    EXPLAINING = Scope(SCOPE.fields, frozenset({"fever", "rash", "headache"}), SCOPE.syndromes, allow_grades=True)
    EXPLAINING.named["high"] = parse_condition({"field": "temperature_c", "gte": 38.0}, (), EXPLAINING)


def compiled(node, scope=None):
    return parse_condition(node, (), scope or SCOPE)


def facts(values=None, checked=(), unknown=(), grades=None, flags=None):
    values = values or {}
    made = Facts(values, values, frozenset(checked), frozenset(unknown))
    made.grades, made.flags = grades or {}, flags or {}
    return made


def holds(node, values=None, checked=()):
    return compiled(node).test(facts(values, checked))


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [("gte", 38.0, True), ("gte", 37.9, False), ("gt", 38.0, False), ("gt", 38.1, True),
     ("lte", 38.0, True), ("lt", 38.0, False), ("eq", 38.0, True), ("ne", 38.0, False)],
    ids=["gte_on", "gte_below", "gt_on", "gt_above", "lte_on", "lt_on", "eq", "ne"],
)
def test_numeric_operators_state_whether_the_bound_is_included(op, value, expected):
    assert holds({"field": "temperature_c", op: 38.0}, {"temperature_c": value}) is expected


def test_a_missing_field_meets_no_comparison():
    assert holds({"field": "temperature_c", "gte": 38.0}) is False
    assert holds({"not": {"field": "temperature_c", "gte": 38.0}}) is True


def test_combinators():
    values = {"temperature_c": 39.0, "hypotension": "none"}
    fever = {"field": "temperature_c", "gte": 38.0}
    low_bp = {"field": "hypotension", "in": ["not_requiring_vasopressors", "requiring_vasopressors"]}
    assert holds({"all": [fever, low_bp]}, values) is False
    assert holds({"any": [fever, low_bp]}, values) is True
    assert holds({"at_least": {"n": 2, "of": [fever, low_bp, {"checked": "rash"}]}}, values, ["rash"]) is True
    assert holds({"at_least": {"n": 2, "of": [fever, low_bp, {"checked": "rash"}]}}, values) is False


def test_checked_items_and_list_membership():
    assert holds({"checked_any": ["fever", "rash"]}, checked=["rash"]) is True
    assert holds({"field": "vasopressors", "contains": "vasopressin"}, {"vasopressors": ("vasopressin",)}) is True
    assert holds({"field": "vasopressors", "contains": "vasopressin"}, {"vasopressors": ()}) is False


def test_grades_are_readable_only_where_allowed():
    urgency = Scope(SCOPE.fields, SCOPE.item_ids, SCOPE.syndromes, allow_grades=True)
    node = {"grade": "crs", "gte": 3}
    assert compiled(node, urgency).test(facts(grades={"crs": 3})) is True
    assert compiled(node, urgency).test(facts(grades={"crs": None})) is False
    with pytest.raises(ConditionError, match="grades can be used only in urgency rules"):
        compiled(node)


@pytest.mark.parametrize(
    ("node", "message"),
    [
        ({"field": "temperature_c", "gte": 46}, "temperature_c takes a number from 30 to 45 °C, got 46"),
        ({"field": "temperature_c", "between": [1, 2]}, "unknown operator 'between'; use one of eq, ne, lt, lte, gt, "
                                                         "gte, given"),
        ({"field": "oxygen_device", "eq": "mask"}, "oxygen_device has no value 'mask'; allowed: room_air, "
         "nasal_cannula, blow_by, high_flow_nasal_cannula, simple_facemask, nonrebreather, venturi_mask, cpap, bipap, "
         "mechanical_ventilation"),
        ({"field": "oxygen_device", "gte": 3}, "unknown operator 'gte'; use one of eq, ne, in, not_in, given"),
        ({"checked": "rashes"}, "unknown checklist item 'rashes' (did you mean 'rash'?)"),
        ({"al": []}, "unknown condition key 'al' (did you mean 'all'?)"),
        ({"all": []}, "'all' needs a non-empty list of conditions"),
        ({"at_least": {"n": 3, "of": [{"checked": "rash"}]}}, "n must be a whole number from 1 to 1"),
        ({"ref": "fever"}, "unknown named condition 'fever'"),
    ],
    ids=["out_of_range", "unknown_operator", "unknown_choice", "numeric_op_on_choice", "unknown_item",
         "unknown_key", "empty_all", "at_least_too_many", "unknown_ref"],
)
def test_a_bad_condition_is_refused_with_a_precise_message(node, message):
    with pytest.raises(ConditionError) as caught:
        compiled(node)
    assert caught.value.message == message


def test_explanations_say_what_the_value_was_and_what_was_needed():
    cond = compiled({"all": [{"field": "temperature_c", "gte": 38.0}, {"field": "oxygen_flow_l_min", "lte": 6}]})
    assert cond.explain(facts({"temperature_c": 37.9})) == ("temperature_c is 37.9 °C, needs ≥ 38 °C; "
                                                            "oxygen_flow_l_min not given (needs ≤ 6 L/min)")


def test_two_files_may_give_different_conditions_the_same_name():
    first = Scope(SCOPE.fields, SCOPE.item_ids, SCOPE.syndromes,
                  {"high": compiled({"field": "temperature_c", "gte": 38.0})})
    second = Scope(SCOPE.fields, SCOPE.item_ids, SCOPE.syndromes, {"high": compiled({"field": "capd_score", "gte": 9})})
    both = facts({"temperature_c": 39.0, "capd_score": 3})
    assert compiled({"ref": "high"}, first).explain(both) == "high met (temperature_c is 39 °C)"
    assert compiled({"ref": "high"}, second).explain(both) == "high not met (capd_score is 3, needs ≥ 9)"


FEVER = {"field": "temperature_c", "gte": 38.0}
LOW_BP = {"field": "hypotension", "in": ["not_requiring_vasopressors", "requiring_vasopressors"]}
TWO_OF_THREE = {"at_least": {"n": 2, "of": [FEVER, LOW_BP, {"checked": "rash"}]}}


@pytest.mark.parametrize(
    ("node", "values", "checked", "met", "explanation"),
    [
        ({"all": [FEVER, {"checked": "rash"}]}, {"temperature_c": 38.5}, ["rash"], True,
         "temperature_c is 38.5 °C; checked rash"),
        ({"all": [FEVER, {"checked": "rash"}]}, {"temperature_c": 37.5}, ["rash"], False,
         "temperature_c is 37.5 °C, needs ≥ 38 °C"),
        ({"any": [FEVER, LOW_BP]}, {"temperature_c": 38.5, "hypotension": "none"}, [], True,
         "temperature_c is 38.5 °C"),
        ({"any": [FEVER, LOW_BP]}, {"hypotension": "none"}, [], False,
         "none of: temperature_c not given (needs ≥ 38 °C); hypotension is none, needs one of "
         "not_requiring_vasopressors, requiring_vasopressors"),
        ({"not": FEVER}, {"temperature_c": 38.5}, [], False, "not (temperature_c is 38.5 °C)"),
        ({"not": FEVER}, {}, [], True, "not (temperature_c not given (needs ≥ 38 °C))"),
        (TWO_OF_THREE, {"temperature_c": 39.0}, ["rash"], True,
         "2 of 3 met (needs 2): temperature_c is 39 °C; checked rash"),
        (TWO_OF_THREE, {"temperature_c": 39.0}, [], False, "1 of 3 met (needs 2): temperature_c is 39 °C"),
        (TWO_OF_THREE, {}, [], False, "0 of 3 met (needs 2)"),
        ({"ref": "high"}, {"temperature_c": 38.0}, [], True, "high met (temperature_c is 38 °C)"),
        ({"all": [{"ref": "high"}, {"not": {"ref": "high"}}]}, {"temperature_c": 36.6}, [], False,
         "high not met (temperature_c is 36.6 °C, needs ≥ 38 °C)"),
        ({"checked_any": ["rash", "fever", "headache"]}, {}, ["rash", "fever"], True, "checked fever, rash"),
        ({"checked_any": ["rash", "fever"]}, {}, [], False, "not checked: rash, fever"),
        ({"field": "vasopressors", "contains_any": ["vasopressin", "dopamine"]},
         {"vasopressors": ("norepinephrine", "dopamine")}, [], True, "vasopressors is [norepinephrine, dopamine]"),
        ({"field": "vasopressors", "contains": "vasopressin"}, {"vasopressors": ()}, [], False,
         "vasopressors is [], needs to include vasopressin"),
        ({"field": "oxygen_device", "ne": "room_air"}, {"oxygen_device": "room_air"}, [], False,
         "oxygen_device is room_air, needs anything but room_air"),
        ({"field": "oxygen_device", "not_in": ["cpap", "bipap"]}, {"oxygen_device": "cpap"}, [], False,
         "oxygen_device is cpap, needs none of bipap, cpap"),
        ({"field": "fever_earlier_this_episode", "is": True}, {"fever_earlier_this_episode": False}, [], False,
         "fever_earlier_this_episode is false, needs true"),
        ({"field": "age_years", "given": False}, {"age_years": 7}, [], False, "age_years is 7 years, needs not given"),
        ({"field": "checked", "given": True}, {"checked": ("fever", "rash")}, ["fever", "rash"], True,
         "checked is [fever, rash]"),
        ({"field": "ferritin_x_uln", "gt": 2}, {"ferritin_x_uln": 2.5}, [], True, "ferritin_x_uln is 2.5"),
        ({"grade": "crs", "gte": 3}, {}, [], False, "crs grade 2 (needs ≥ 3)"),
        ({"flag": "icans"}, {}, [], False, "icans features absent"),
    ],
    ids=["all_met", "all_unmet_names_the_unmet", "any_met_names_the_met", "any_unmet_names_each", "not_unmet",
         "not_met", "at_least_met", "at_least_unmet", "at_least_none", "ref_met", "ref_unmet_once_each_way",
         "checked_any_met_sorted", "checked_any_unmet", "contains_any_met", "contains_empty", "ne_unmet",
         "not_in_unmet", "is_false", "given_false", "checked_given", "ratio_without_unit", "grade", "flag"],
)
def test_every_kind_of_condition_says_why_it_is_or_is_not_met(node, values, checked, met, explanation):
    condition = parse_condition(node, (), EXPLAINING)
    read = facts(values, checked, grades={"crs": 2}, flags={"icans": False})
    assert condition.test(read) is met
    assert condition.explain(read) == explanation


def _nested(depth):
    node = {"checked": "rash"}
    for level in range(depth - 1):
        node = {"not": node} if level % 2 else {"any": [node, {"field": "temperature_c", "gte": 38.0}]}
    return node


def test_conditions_nest_twelve_deep_and_no_deeper():
    assert compiled(_nested(12)).explain(facts({"temperature_c": 37.0}))
    with pytest.raises(ConditionError) as caught:
        compiled(_nested(13))
    assert caught.value.message == "conditions nest at most 12 deep, counting what 'ref' names"
    assert caught.value.location == ()


# --- Three values: a comparison on an open blank is unknown (Kleene logic) -----------------------------------

TEMP = {"field": "temperature_c", "gte": 38.0}
LOW = {"field": "hypotension", "eq": "not_requiring_vasopressors"}


@pytest.mark.parametrize(
    ("node", "values", "unknown", "outcome"),
    [
        (TEMP, {}, {"temperature_c"}, None),
        (TEMP, {"temperature_c": 38.5}, set(), True),
        ({"not": TEMP}, {}, {"temperature_c"}, None),
        ({"all": [TEMP, LOW]}, {"temperature_c": 37.0}, {"hypotension"}, False),
        ({"all": [TEMP, LOW]}, {"temperature_c": 38.5}, {"hypotension"}, None),
        ({"any": [TEMP, LOW]}, {"temperature_c": 38.5}, {"hypotension"}, True),
        ({"any": [TEMP, LOW]}, {"temperature_c": 37.0}, {"hypotension"}, None),
        ({"at_least": {"n": 2, "of": [TEMP, LOW, {"checked": "rash"}]}}, {"temperature_c": 38.5}, {"hypotension"},
         None),
        ({"at_least": {"n": 2, "of": [TEMP, LOW, {"checked": "rash"}]}}, {"temperature_c": 37.0}, {"hypotension"},
         False),
        ({"checked": "rash"}, {}, {"temperature_c"}, False),
        ({"field": "age_years", "given": False}, {}, {"age_years"}, True),
    ],
    ids=["leaf_open", "leaf_given", "not_open", "all_decided_by_a_false", "all_open", "any_decided_by_a_true",
         "any_open", "at_least_open", "at_least_out_of_reach", "unticked_is_not_noticed", "given_is_a_fact"],
)
def test_three_valued_outcomes_follow_kleene_logic(node, values, unknown, outcome):
    assert compiled(node).test3(facts(values, unknown=unknown)) is outcome


def test_the_blanks_that_could_raise_a_condition_skip_those_that_can_only_lower_it():
    node = compiled({"all": [{"field": "consciousness", "eq": "awakens_to_voice"},
                             {"not": {"field": "consciousness_explained_by_other_cause", "is": True}}]})
    blank = facts({"consciousness": "alert", "consciousness_explained_by_other_cause": False},
                  unknown={"consciousness", "consciousness_explained_by_other_cause"})
    assert node.test3(blank) is None
    assert node.weigh(blank, True) == (None, {"consciousness"})
