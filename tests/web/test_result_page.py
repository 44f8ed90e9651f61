"""GET /result: the URL holds the findings, reads back exactly, and shows only the engine's answer."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from tests.findings_strategy import findings_documents
from tests.share import read_query, share_query
from triage.engine import deciding_finding, evaluate, parse_findings

from .test_pages import page_text, text_lines

EXAMPLES = Path(__file__).resolve().parents[2] / "rules" / "examples"


def example(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


def test_the_issue_example_share_url_renders(client):
    response = client.get("/result?checked=fever&checked=chills&temperature_c=38.5")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Call your care team now, day or night" in html
    assert "result?view=caregiver&amp;checked=fever&amp;checked=chills&amp;temperature_c=38.5" in html


@pytest.mark.parametrize("name", ["caregiver_confusion", "crs_day_3", "full_workup"])
@pytest.mark.parametrize("view", ["caregiver", "student"])
def test_every_example_round_trips_through_its_share_url(client, content, name, view):
    findings = parse_findings(example(name), content)
    query = share_query(findings.to_dict(), view)
    assert parse_findings(read_query(MultiDict(parse_qsl(query))), content) == findings
    html = client.get(f"/result?{query}").get_data(as_text=True)
    assert f'value="http://localhost/result?{query}"' in unescape(html)
    again = re.search(r'id="share-url" type="text" readonly value="http://localhost/result\?([^"]+)"', html)
    assert unescape(again.group(1)) == query


def test_any_findings_read_back_from_their_share_query_which_is_plainly_url_encoded(content):
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(findings_documents(content))
    def check(doc):
        # An address has no way to say "given, but empty" (nor has a form: nothing ticked is not given).
        doc = {name: value for name, value in doc.items() if value != []}
        findings = parse_findings(doc, content)
        query = share_query(findings.to_dict(), "student")
        pairs = parse_qsl(query)
        assert urlencode(pairs) == query
        assert parse_findings(read_query(MultiDict(pairs)), content) == findings

    check()


@pytest.mark.parametrize(("query", "reason"), [
    ("checked=fever&checked=sneezing", "checked: unknown checklist item 'sneezing'"),
    ("checked=fevr", "checked: unknown checklist item 'fevr' (did you mean 'fever'?)"),
    ("temprature_c=38", "temprature_c: is not a findings field (did you mean 'temperature_c'?)"),
    ("temperature_c=45.1", "temperature_c: takes a number from 30 to 45 °C, got 45.1"),
    ("temperature_c=29.9", "temperature_c: takes a number from 30 to 45 °C, got 29.9"),
    ("temperature_c=hot", "temperature_c: takes a number from 30 to 45 °C, got 'hot'"),
    ("temperature_c=nan", "temperature_c: takes a number from 30 to 45 °C, got 'nan'"),
    ("temperature_c=1e999", "temperature_c: takes a number from 30 to 45 °C, got '1e999'"),
    ("temperature_c=38&temperature_c=39", "temperature_c: is given more than once; it takes one value"),
    ("age_years=40.5", "age_years: takes a whole number from 0 to 120 years, got '40.5'"),
    ("unable_to_assess=yes", "unable_to_assess: takes true or false, got 'yes'"),
    ("oxygen_device=tent", "oxygen_device: takes one of:"),
    ("ice_items=10", "ice_items: give each item as ice_items.&lt;item&gt;=&lt;points&gt;"),
    ("ice_items.naming=2", "ice_items: needs every item to add up the score; not given: Orientation: year"),
    ("ice_items.spelling=1", "ice_items.spelling: is not an item of &#39;ICE score, item by item&#39;"),
    ("ice_total=9", "ice_total: is worked out by the tool and cannot be given"),
    ("view=doctor", "view: takes one of: caregiver, student, got 'doctor'"),
    ("view=student&view=caregiver", "view: is given more than once"),
    ("age_years=8&ice_items.naming=1", "ice_items: needs every item"),
    ("oxygen_device=room_air&oxygen_flow_l_min=4",
     "oxygen_flow_l_min: is above 0 but the oxygen support is &#39;None (room air)&#39;"),
], ids=lambda value: value if len(value) < 40 else value[:40])
def test_bad_findings_in_the_url_are_a_400_page_naming_the_field(client, content, query, reason):
    response = client.get(f"/result?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The address holds findings the tool cannot use." in html
    assert reason.replace("'", "&#39;") in html
    assert text_lines(html)[-1] == content.closing


def test_an_address_that_is_not_utf8_is_a_400_page(client):
    response = client.get("/result?checked=fe%FFver")
    assert response.status_code == 400
    assert "The address holds text that is not UTF-8." in response.get_data(as_text=True)


def test_a_huge_query_string_is_a_414_page(client):
    response = client.get("/result?" + "&".join(["checked=fever"] * 400))
    assert response.status_code == 414
    assert "The address is too long" in response.get_data(as_text=True)


def test_unicode_in_the_url_is_named_back_escaped(client):
    response = client.get("/result?" + quote("<script>") + "=1")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "&lt;script&gt;: is not a findings field" in html
    assert "<script>" not in html


def test_the_student_result_shows_grades_decisions_criteria_not_met_and_sources(client, content):
    query = share_query(example("full_workup"), "student")
    html = client.get(f"/result?{query}").get_data(as_text=True)
    found = evaluate(content, parse_findings(example("full_workup"), content))
    result = found.to_dict(trace=True)
    for syndrome_id in content.graded:
        if found.grades[syndrome_id] is not None:
            decision = deciding_finding(content, found, syndrome_id)
            assert f"<td>{escape(decision.head)}.</td>" in html
    for decided in [s["decided_by"] for s in result["syndromes"] if s["decided_by"]]:
        assert decided["rule"] not in html and decided["where"] not in html  # ids and paths: the authors' page
    assert "<th scope=\"col\">Next threshold</th>" in html
    graded = [e for e in result["trace"] if e["kind"] in ("grade", "flag")]
    assert "<summary>Grading criteria checked, and their sources</summary>" in html
    text = unescape(re.sub(r"<[^>]+>", "", html))
    assessed = {e["syndrome"] for e in graded if result["grades"].get(e["syndrome"], 0) is not None}
    for entry in graded:  # ICAHT, without counts, is not graded: its criteria are not listed
        could_raise = entry["grade"] is None or entry["grade"] > (result["grades"].get(entry["syndrome"]) or 0)
        if (entry["fired"] or could_raise) and entry["syndrome"] in assessed:
            assert entry["criterion"] in text, entry["rule"]
    assert 'href="/about#source-astct_2019">ASTCT 2019 consensus</a>' in html
    assert "What care teams may do" in html
    assert text_lines(html)[-1] == result["closing"]


def test_the_student_result_frames_the_urgency_as_a_clinical_escalation(client, content):
    html = client.get("/result?view=student&oxygen_device=bipap&temperature_c=39").get_data(as_text=True)
    level = content.level("emergency")
    assert ('<h2 id="urgency-title"><span class="urgency__icon" aria-hidden="true">!</span> '
            f'{level.clinical_title}</h2>') in html
    assert "call your local emergency number" not in html.lower()


def test_a_student_result_with_something_unassessed_gives_the_range_and_what_is_not_assessed(client):
    html = client.get("/result?view=student&temperature_c=38.5").get_data(as_text=True)
    assert ("<td>at least 1, up to 4 – low blood pressure (hypotension), vasopressors in use, oxygen support and "
            "oxygen flow not assessed</td>") in html


def test_every_rule_checked_is_one_link_away_with_its_file_and_line(client, content):
    query = share_query(example("full_workup"), "student")
    html = client.get(f"/result?{query}").get_data(as_text=True)
    assert f'href="/result/rules?{query.replace("&", "&amp;")}"' in html
    rules = client.get(f"/result/rules?{query}").get_data(as_text=True)
    result = evaluate(content, parse_findings(example("full_workup"), content)).to_dict(trace=True)
    for entry in result["trace"]:
        assert f"<code>{entry['rule']}</code> at <code>{entry['where']}</code>" in rules
    assert text_lines(rules)[-1] == result["closing"]


def test_the_caregiver_result_speaks_plainly_and_hides_the_rule_trace(client, content):
    html = client.get("/result?checked=confusion&checked=trouble_speaking&days_since_infusion=15").get_data(
        as_text=True)
    text = page_text(html)
    assert "<strong>Because:</strong> confused, or not sure where they are; trouble speaking or finding words." in html
    assert content.items["confusion"].plain in html and content.items["confusion"].clinical not in html
    assert content.syndromes["icans"].plain_summary in text
    assert content.syndromes["icans"].plain_name in text
    assert "Every rule checked" not in html and "Grade" not in text and "icans_" not in html
    windows = content.syndromes["icans"].windows
    hits = sum(window.contains(15) for window in windows)
    assert 0 < hits < len(windows)
    details = html[html.index('<details class="more">'):]
    assert (f"Day 15 after the infusion falls within {hits} of the {len(windows)} typical windows the sources "
            "give for ICANS (together, day 0 to day 17).") in details
    assert 'href="/syndromes/icans">More about ICANS: when it appears and what care teams may do, with sources' in html


def test_a_day_outside_every_window_is_said_not_to_rule_anything_out(client, content):
    html = page_text(client.get("/result?checked=confusion&days_since_infusion=60").get_data(as_text=True))
    assert "Day 60 after the infusion is outside the 3 typical windows the sources give for ICANS" in html
    assert "A day outside them never rules ICANS out." in html


def test_the_student_result_leaves_reference_text_to_the_syndrome_page(client, content):
    query = share_query(example("full_workup"), "student")
    html = page_text(client.get(f"/result?{query}").get_data(as_text=True))
    listed = {s.id for s in evaluate(content, parse_findings(example("full_workup"), content)).syndromes}
    assert listed == set(content.syndromes) - {"icaht_late"}  # its counts stop at day 9: no late ICAHT
    for syndrome in (content.syndromes[s] for s in listed):
        assert f"More about {syndrome.short_name}: timing, care and grading, with sources" in html
        assert " ".join(syndrome.summary.split()) not in html
        assert " ".join(syndrome.windows[0].label.split()) not in html


def test_an_emergency_is_announced_first_in_words_not_only_colour(client, content):
    html = client.get("/result?checked=seizure").get_data(as_text=True)
    action = html[html.index('<section class="action'):html.index("</section>")]
    assert 'class="action action--emergency"' in action and 'role="alert"' in action
    assert f"{content.level('emergency').title}</h1>" in action
    assert "<strong>Because:</strong> a seizure (fit)." in action
    assert html.index("action--emergency") < html.index('id="goes-with-title"')


def test_the_timeline_is_an_inline_svg_with_the_day_marked_and_no_style_attribute(client):
    html = client.get("/result?checked=fever&days_since_infusion=9").get_data(as_text=True)
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert 'id="timeline-day"' in svg and ">Day 9</text>" in svg
    assert 'aria-labelledby="timeline-title timeline-desc timeline-day"' in svg
    assert "tl-bar--hit" in svg
    assert "style=" not in html.lower()


def test_terms_in_a_result_link_to_the_glossary_once_each(client):
    html = client.get("/result?checked=fever").get_data(as_text=True)
    links = re.findall(r'<a class="term" href="/glossary#term-([a-z0-9_]+)">', html)
    assert links and len(links) == len(set(links))
    glossary = client.get("/glossary").get_data(as_text=True)
    assert all(f'id="term-{term}"' in glossary for term in links)


def test_no_page_has_an_inline_script_or_style(client):
    for path in ["/", "/caregiver", "/workbench", "/card", "/glossary", "/about", "/result?checked=fever",
                 "/nowhere"]:
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert "<style" not in html and " style=" not in html, path
