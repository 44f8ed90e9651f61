"""The caregiver and workbench forms: CSRF enforced, errors beside their field, 303 to a shareable result."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

FULL_ICE = {"ice_items-orientation_year": "1", "ice_items-orientation_month": "1",
            "ice_items-orientation_city": "1", "ice_items-orientation_hospital": "1",
            "ice_items-naming": "3", "ice_items-follows_command": "1", "ice_items-writing": "1",
            "ice_items-attention": "0"}


def query_of(response) -> list:
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    location = urlsplit(response.headers["Location"])
    assert location.path == "/result"
    return parse_qsl(location.query)


def field_error(html: str, field_id: str) -> str:
    """The text of the error shown beside a field, as a user reads it."""
    block = re.search(rf'<div class="field-error" id="{re.escape(field_id)}-error">(.*?)</div>', html, re.S)
    assert block, f"no error beside {field_id}"
    return " ".join(unescape(re.sub(r"<[^>]+>", "", block.group(1))).split())


TOKEN_REFUSED = "This form was open too long, or did not come from this site, so it was not sent."


def test_a_post_without_the_csrf_token_comes_back_with_every_tick_kept(client):
    response = client.post("/caregiver", data={"checked": ["fever", "chills"], "temperature": "38.4"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Location" not in response.headers
    assert TOKEN_REFUSED in html
    assert 'value="fever" checked' in html and 'value="chills" checked' in html and 'value="38.4"' in html


def test_a_post_with_a_forged_token_is_refused_and_keeps_what_was_entered(forms, client):
    forms.token("/workbench")  # the session now holds a real token
    response = client.post("/workbench", data={"csrf_token": "forged", "age_years": "40"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and TOKEN_REFUSED in html
    assert 'name="age_years"' in html and 'value="40"' in html


def test_an_expired_form_comes_back_filled_in_with_a_fresh_token_that_works(content):
    from tests.conftest import FormActions
    from triage import create_app

    expired = create_app({"TESTING": True, "WTF_CSRF_TIME_LIMIT": -1}, content=content).test_client()
    response = FormActions(expired).post("/caregiver", {"checked": ["seizure"]})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and TOKEN_REFUSED in html and 'value="seizure" checked' in html
    assert FormActions.TOKEN.search(html)


def test_the_caregiver_form_redirects_to_the_result_of_what_was_ticked(forms):
    response = forms.post("/caregiver", {"checked": ["fever", "chills"], "days_since_infusion": "4",
                                         "temperature": "38.5", "temperature_unit": "C"})
    assert query_of(response) == [("view", "caregiver"), ("days_since_infusion", "4"), ("checked", "fever"),
                                  ("checked", "chills"), ("temperature_c", "38.5")]


def test_an_empty_caregiver_form_asks_for_a_sign_instead_of_giving_a_result(forms):
    response = forms.post("/caregiver", {"temperature_unit": "C", "days_since_infusion": "3"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Location" not in response.headers
    assert "Tick at least one sign you notice, or enter a temperature" in html
    assert 'value="3"' in html  # what was entered is kept


CALL_NOW, CALM = "Call your care team now, day or night", "No warning sign in what you entered"


@pytest.mark.parametrize(("entered", "unit", "celsius", "level"), [
    ("100.4", "F", "38", CALL_NOW),
    ("100.3", "F", "37.9", CALM),
    ("38.0", "C", "38", CALL_NOW),
    ("37.9", "C", "37.9", CALM),
    ("96.9", "F", "36.1", CALM),
    ("96.8", "F", "36", CALL_NOW),
    ("86", "F", "30", CALL_NOW),
    ("113", "F", "45", CALL_NOW),
], ids=["100.4F_is_fever", "100.3F_is_not", "38.0C_is_fever", "37.9C_is_not", "96.9F_is_not_low", "96.8F_is_low",
        "86F_lowest", "113F_highest"])
def test_fahrenheit_is_converted_to_one_decimal_celsius(forms, client, entered, unit, celsius, level):
    response = forms.post("/caregiver", {"temperature": entered, "temperature_unit": unit})
    assert ("temperature_c", celsius) in query_of(response)
    result = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{level}</h1>" in result
    if level == CALL_NOW:
        assert f"<strong>Because:</strong> a temperature of {float(celsius):.1f} °C" in result


@pytest.mark.parametrize(("entered", "unit", "message"), [
    ("85.9", "F", "Error: Takes a number from 86 to 113 °F, got 85.9"),
    ("113.1", "F", "Error: Takes a number from 86 to 113 °F, got 113.1"),
    ("29.9", "C", "Error: Takes a number from 30 to 45 °C, got 29.9"),
    ("45.1", "C", "Error: Takes a number from 30 to 45 °C, got 45.1"),
    ("hot", "C", "Error: Takes a number from 30 to 45 °C, got 'hot'"),
    ("38,5", "C", "Error: Takes a number from 30 to 45 °C, got '38,5'"),
], ids=["below_86F", "above_113F", "below_30C", "above_45C", "not_a_number", "decimal_comma"])
def test_a_temperature_out_of_range_is_an_error_beside_the_field(forms, entered, unit, message):
    response = forms.post("/caregiver", {"temperature": entered, "temperature_unit": unit})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, "temperature") == message
    assert 'href="#temperature">Temperature: ' in html
    assert f'value="{entered}"' in html  # what was typed stays in the box


def test_an_unknown_unit_is_refused(forms):
    response = forms.post("/caregiver", {"temperature": "38", "temperature_unit": "K"})
    assert field_error(response.get_data(as_text=True), "temperature_unit") == "Error: Takes one of: C, F, got 'K'"


@pytest.mark.parametrize(("data", "field_id", "message"), [
    ({"days_since_infusion": "-1"}, "days_since_infusion", "Takes a whole number from 0 to 3650 days, got -1"),
    ({"days_since_infusion": "3651"}, "days_since_infusion", "Takes a whole number from 0 to 3650 days, got 3651"),
    ({"days_since_infusion": "2.5"}, "days_since_infusion", "Takes a whole number from 0 to 3650 days, got '2.5'"),
    ({"checked": "high_ferritin"}, "checked", "Unknown checklist item 'high_ferritin'"),
    ({"checked": "sneezing"}, "checked", "Unknown checklist item 'sneezing'"),
], ids=["day_below_0", "day_above_3650", "day_not_whole", "lab_item_not_on_caregiver_list", "unknown_item"])
def test_caregiver_errors_name_what_the_field_takes(forms, data, field_id, message):
    response = forms.post("/caregiver", {"temperature_unit": "C", **data})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), field_id) == f"Error: {message}"


def test_the_error_summary_links_to_controls_that_exist(forms):
    response = forms.post("/caregiver", {"checked": "sneezing", "days_since_infusion": "x", "temperature": "99",
                                         "temperature_unit": "C"})
    html = response.get_data(as_text=True)
    assert '<div class="error-summary" role="alert"' in html
    anchors = re.findall(r'<li><a href="#([^"]+)">', html[html.index("error-summary"):html.index("<form")])
    assert anchors == ["checked-cannot_wake", "days_since_infusion", "temperature"]
    for anchor in anchors:
        assert f'id="{anchor}"' in html
    assert "<title>Error: " in html


def test_the_workbench_grades_a_full_case(forms, client):
    response = forms.post("/workbench", {
        "age_years": "45", "days_since_infusion": "3", "temperature": "38.7", "temperature_unit": "C",
        "oxygen_device": "nasal_cannula", "oxygen_flow_l_min": "2", "consciousness": "alert",
        "vasopressors": [], "checked": ["fever", "confusion"], **FULL_ICE})
    query = query_of(response)
    assert query[0] == ("view", "student")
    assert ("ice_items.naming", "3") in query and ("ice_items.attention", "0") in query
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<td>at least 2, up to 4 – low blood pressure (hypotension) and vasopressors in use not assessed</td>" \
        in html
    assert "<td>at least 1, up to 4 – seizure, motor findings and raised intracranial pressure" in html  # ICANS
    assert ("oxygen flow 2 L/min: fever with hypoxia needing low-flow nasal cannula (6 L/min or less) or blow-by "
            "oxygen.</td>") in html and "<td>ICE score 9: ICE score 7 to 9.</td>" in html
    assert "Total 9 of 10" in html


@pytest.mark.parametrize(("data", "field_id", "message"), [
    ({"age_years": "8", **FULL_ICE}, "ice_items",
     "Is for age 12 and over; under 12, give a CAPD score instead (ASTCT 2019)"),
    ({"age_years": "30", "capd_score": "4"}, "capd_score",
     "Is for children under 12; give an age under 12, or an ICE score instead"),
    ({"capd_score": "4"}, "capd_score", "Is for children under 12; give an age under 12, or an ICE score instead"),
    ({"age_years": "8", "ice_score": "7"}, "ice_score",
     "Is for age 12 and over; under 12, give a CAPD score instead (ASTCT 2019)"),
    ({"ice_items-naming": "2"}, "ice_items", "Needs every item to add up the score; not given: "
     "Orientation: year; Orientation: month; Orientation: city; Orientation: hospital; Follows a simple command; "
     "Writes a standard sentence; Counts backwards from 100 by 10"),
    ({"ice_items-naming": "4", "ice_items-writing": "1"}, "ice_items-naming",
     "Takes a whole number from 0 to 3, got 4"),
    ({"oxygen_device": "nasal_cannula"}, "oxygen_flow_l_min",
     "Is needed with a nasal cannula: up to 6 L/min is low flow, above 6 is high flow (ASTCT 2019)"),
    ({"oxygen_flow_l_min": "80.5"}, "oxygen_flow_l_min", "Takes a number from 0 to 80 L/min, got 80.5"),
    ({"oxygen_device": "tent"}, "oxygen_device", "Takes one of: room_air, nasal_cannula, blow_by, "
     "high_flow_nasal_cannula, simple_facemask, nonrebreather, venturi_mask, cpap, bipap, mechanical_ventilation, "
     "got 'tent'"),
    ({"vasopressors": "norepinephrine", "hypotension": "none"}, "vasopressors",
     "Are listed but low blood pressure is 'None'"),
], ids=["ice_under_12", "capd_at_30", "capd_without_age", "ice_total_under_12", "ice_partly_filled",
        "ice_item_above_its_points", "nasal_cannula_without_flow", "flow_above_80", "unknown_device",
        "vasopressors_without_hypotension"])
def test_workbench_errors_from_the_contract_appear_beside_the_field(forms, data, field_id, message):
    response = forms.post("/workbench", {"temperature_unit": "C", **data})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), field_id) == f"Error: {message}"


def test_a_workbench_error_keeps_everything_else_entered(forms):
    response = forms.post("/workbench", {"temperature_unit": "C", "age_years": "8", "consciousness": "alert",
                                         "checked": ["fever"], **FULL_ICE})
    html = response.get_data(as_text=True)
    assert 'id="age_years" name="age_years" value="8"' in html
    assert 'value="alert" checked' in html
    assert 'value="fever" checked' in html
    assert 'name="ice_items-naming" value="3"' in html


@pytest.mark.parametrize("path", ["/caregiver", "/workbench"])
def test_a_form_is_prefilled_from_a_share_link(client, path):
    html = client.get(f"{path}?checked=fever&temperature_c=38.5&days_since_infusion=4").get_data(as_text=True)
    assert 'value="fever" checked' in html
    assert 'name="temperature" value="38.5"' in html
    assert 'name="days_since_infusion" value="4"' in html


def test_a_form_link_with_bad_findings_is_a_400_page(client):
    response = client.get("/workbench?oxygen_flow_l_min=lots")
    assert response.status_code == 400
    assert "oxygen_flow_l_min: takes a number from 0 to 80 L/min, got &#39;lots&#39;" in response.get_data(as_text=True)


def test_a_non_utf8_form_post_is_an_error_not_a_crash(forms):
    token = forms.token("/caregiver")
    body = f"csrf_token={token}&checked=fe%FFver&temperature_unit=C"
    response = forms.client.post("/caregiver", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 422
    assert "Unknown checklist item" in response.get_data(as_text=True)


def test_the_workbench_reports_every_error_at_once_in_a_summary_that_links_to_each_field(forms):
    response = forms.post("/workbench", {"age_years": "8", **FULL_ICE, "oxygen_flow_l_min": "lots",
                                         "capd_score": "5", "consciousness": "alert"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    start = html.index('<div class="error-summary"')
    summary = html[start:html.index("</div>", start)]
    assert 'tabindex="-1" autofocus' in summary  # it takes the focus, so a screen reader reads it first
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert "oxygen_flow_l_min" in links and any(link.startswith("ice_items") for link in links)


def test_the_workbench_has_a_jump_link_to_every_section(client, content):
    html = client.get("/workbench").get_data(as_text=True)
    assert '<nav class="jump-links" aria-label="Sections of the workbench">' in html
    sections = re.findall(r'<h2 id="(section-[a-z_]+)">', html)
    assert len(sections) >= 4
    for section in sections:
        assert f'<li><a href="#{section}">' in html
