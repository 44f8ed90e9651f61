"""The condition language: each operator states its bound; explanations say what was missing."""

from __future__ import annotations

import pytest

from triage.engine.conditions import CompileError, Context, Scope, compile_condition

SCOPE = Scope(frozenset({"fever", "rash"}), frozenset({"crs", "icans"}))


def compiled(node, scope=SCOPE):
    return compile_condition(node, (), scope)


def holds(node, values=None, checked=(), **extra):
    return compiled(node).test(Context(values or {}, frozenset(checked), **extra))


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
    urgency = Scope(SCOPE.item_ids, SCOPE.syndromes, allow_grades=True)
    node = {"grade": "crs", "gte": 3}
    assert compiled(node, urgency).test(Context({}, frozenset(), grades={"crs": 3})) is True
    assert compiled(node, urgency).test(Context({}, frozenset(), grades={"crs": None})) is False
    with pytest.raises(CompileError, match="grades can be used only in urgency rules"):
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
    with pytest.raises(CompileError) as caught:
        compiled(node)
    assert caught.value.message == message


def test_explanations_say_what_the_value_was_and_what_was_needed():
    cond = compiled({"all": [{"field": "temperature_c", "gte": 38.0}, {"field": "oxygen_flow_l_min", "lte": 6}]})
    ctx = Context({"temperature_c": 37.9}, frozenset())
    assert cond.explain(ctx) == "temperature_c is 37.9 °C, needs ≥ 38 °C; oxygen_flow_l_min not given (needs ≤ 6 L/min)"


def test_two_files_may_give_different_conditions_the_same_name():
    first = Scope(SCOPE.item_ids, SCOPE.syndromes, {"high": compiled({"field": "temperature_c", "gte": 38.0})})
    second = Scope(SCOPE.item_ids, SCOPE.syndromes, {"high": compiled({"field": "capd_score", "gte": 9})})
    ctx = Context({"temperature_c": 39.0, "capd_score": 3}, frozenset())
    assert compiled({"ref": "high"}, first).explain(ctx) == "high met (temperature_c is 39 °C)"
    assert compiled({"ref": "high"}, second).explain(ctx) == "high not met (capd_score is 3, needs ≥ 9)"


EXPLAINING = Scope(frozenset({"fever", "rash", "headache"}), frozenset({"crs", "icans"}), allow_grades=True)
EXPLAINING.named["high"] = compile_condition({"field": "temperature_c", "gte": 38.0}, (), EXPLAINING)
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
    condition = compile_condition(node, (), EXPLAINING)
    ctx = Context(values, frozenset(checked), grades={"crs": 2}, flags={"icans": False})
    assert condition.test(ctx) is met
    assert condition.explain(ctx) == explanation


def _nested(depth):
    node = {"checked": "rash"}
    for level in range(depth - 1):
        node = {"not": node} if level % 2 else {"any": [node, {"field": "temperature_c", "gte": 38.0}]}
    return node


def test_conditions_nest_twelve_deep_and_no_deeper():
    assert compiled(_nested(12)).explain(Context({"temperature_c": 37.0}, frozenset()))
    with pytest.raises(CompileError) as caught:
        compiled(_nested(13))
    assert caught.value.message == "conditions nest at most 12 deep, counting what 'ref' names"
    assert caught.value.location == ()
