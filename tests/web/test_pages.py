"""Every page renders what a user needs: the disclaimer, the content, and the closing line last."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

PAGES = ["/", "/caregiver", "/workbench", "/card", "/glossary", "/about",
         "/result?checked=fever&checked=chills&temperature_c=38.5"]


class TextLines(HTMLParser):
    """The visible text of a page, one entry per text node, in order."""

    def __init__(self):
        super().__init__()
        self.lines, self.raw, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style", "title")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style", "title")

    def handle_data(self, data):
        if not self.skip:
            self.raw.append(data)
            if data.strip():
                self.lines.append(" ".join(data.split()))


def text_lines(html: str) -> list[str]:
    parser = TextLines()
    parser.feed(html)
    return parser.lines


def page_text(html: str) -> str:
    """All visible text as one string, whitespace collapsed, as a reader meets it."""
    parser = TextLines()
    parser.feed(html.replace("\n", " "))
    return " ".join("".join(parser.raw).split())


@pytest.mark.parametrize("path", PAGES)
def test_every_page_states_it_is_educational_and_ends_with_the_closing_line(client, content, path):
    page = client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Educational, not for clinical decisions." in html
    assert content.disclaimer in html
    assert text_lines(html)[-1] == content.closing
    assert '<html lang="en">' in html
    assert 'href="#main"' in html and 'id="main"' in html


def test_home_offers_the_caregiver_and_the_student_paths(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/caregiver">I care for someone after CAR T</a>' in html
    assert 'href="/workbench">I am a student or a trainer</a>' in html


def test_caregiver_checklist_shows_the_form_groups_in_plain_words_and_no_lab_item(client, content):
    html = client.get("/caregiver").get_data(as_text=True)
    on_form = {item.id for group in content.caregiver_form for item in group.items}
    for item in content.items.values():
        shown = f'value="{item.id}"' in html
        assert shown == (item.id in on_form), item.id
        assert not (shown and item.group == "lab"), item.id
        if shown:
            assert f'value="{item.id}"> <span>{_escaped(item.plain)}</span></label>' in html
    legends = re.findall(r"<legend>([^<]+)</legend>", html)
    titles = [group.title for group in content.caregiver_form]
    assert [legend for legend in legends if legend in titles] == titles  # the emergency box first
    assert 'name="days_since_infusion"' in html and 'name="temperature"' in html
    assert 'value="F"' in html and "°F" in html


def test_every_page_of_the_site_is_in_the_navigation_list_and_the_header_shows_its_pages(app, client):
    from tests.pages import site_pages
    from triage.web.navigation import HEADER

    html_routes = {rule.endpoint for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and not rule.endpoint.startswith(("api.", "live_api.", "static"))}
    # a finished run, a live session: tested where they are made
    needs_state = {"scenarios.score", "live.session_page", "live.host_page"}
    needs_state |= {"scenarios.feedback", "scenarios.practice.feedback"}  # an answer in the address
    needs_state.add("scenarios.facilitate")  # the older address: a redirect to the presenter view
    assert html_routes - needs_state == set(site_pages())
    home = client.get("/").get_data(as_text=True)
    header = home[home.index('<nav aria-label="Main">'):home.index("</nav>")]
    assert [label for _, label in HEADER] == re.findall(r'">([^<]+)</a></li>', header)
    for endpoint, path in site_pages().items():
        assert client.get(path).status_code in (200, 302), (endpoint, path)


def test_caregiver_checklist_names_the_emergency_signs_first(client, content):
    html = client.get("/caregiver").get_data(as_text=True)
    callout = html[html.index('class="callout callout--emergency"'):html.index("<form")]
    assert content.level("emergency").title in callout
    for item_id in ("cannot_wake", "seizure", "struggling_to_breathe"):
        assert _escaped(content.items[item_id].plain) in callout


def test_workbench_has_a_control_for_every_findings_field_and_item(client, content):
    html = client.get("/workbench").get_data(as_text=True)
    for name, spec in content.contract.inputs.items():
        if name == "temperature_c":
            assert 'name="temperature"' in html and 'name="temperature_unit"' in html
        elif spec.kind == "item_scores":
            assert all(f'name="{name}-{item.id}"' in html for item in spec.scored_items)
        else:
            assert f'name="{name}"' in html, name
    for item in content.items.values():
        assert f'value="{item.id}"> <span>{_escaped(item.clinical)}</span></label>' in html
    for title in content.contract.sections.values():
        assert f">{_escaped(title)}</h2>" in html


def test_workbench_labels_ice_and_capd_by_age_for_use_without_javascript(client):
    html = client.get("/workbench").get_data(as_text=True)
    assert "<legend>Age 12 and over: ICE, item by item</legend>" in html
    assert '<label for="capd_score">Under 12: CAPD score</label>' in html
    assert "Vasopressin" in html and "Norepinephrine" in html


def test_workbench_adds_the_ice_total_with_a_static_script_only(client):
    html = client.get("/workbench").get_data(as_text=True)
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/ice.js" defer>',
                                                   '<script src="/static/anc_table.js" defer>']
    assert 'data-ice-total hidden' in html


def test_glossary_has_an_anchor_for_every_term_in_plain_words_and_for_students(client, content):
    plain = client.get("/glossary").get_data(as_text=True)
    student = client.get("/glossary?view=student").get_data(as_text=True)
    for term in content.glossary.values():
        assert f'id="term-{term.id}"' in plain and f'id="term-{term.id}"' in student
        assert _escaped(term.plain) in plain and _escaped(term.clinical) in student
        assert all(_escaped(c.short) in student for c in term.sources)


def test_a_student_result_links_terms_to_the_student_glossary(client):
    html = client.get("/result?view=student&temperature_c=38.5&oxygen_device=blow_by").get_data(as_text=True)
    assert '<a class="term" href="/glossary?view=student#term-' in html


def test_about_lists_every_source_and_the_content_version(client, content):
    html = client.get("/about").get_data(as_text=True)
    assert content.version in html
    for source in content.sources.values():
        assert f'id="source-{source.id}"' in html
        assert _escaped(source.title) in html


def test_card_puts_emergency_signs_first_then_the_call_now_signs_and_no_lab_item(client, content):
    html = client.get("/card").get_data(as_text=True)
    emergency = html[html.index('id="card-emergency"'):html.index('id="card-contact_now"')]
    call_now = html[html.index('id="card-contact_now"'):html.index('id="card-label"')]
    for group in content.caregiver_form:
        for item in group.items:
            assert _escaped(item.plain) in (emergency if group.emergency else call_now), item.id
    for item in content.items.values():
        if item.group == "lab":
            assert _escaped(item.plain) not in html, item.id
    assert f">{_escaped(content.level('emergency').title)} if the person has any of these</h2>" in html
    assert f">{_escaped(content.level('contact_now').title)}</h2>" in html


def test_card_gives_the_june_2025_label_periods_with_a_dated_source(client, content):
    html = client.get("/card").get_data(as_text=True)
    label = html[html.index('id="card-label"'):html.index('id="card-contacts"')]
    assert "June 2025" in label
    assert "Stay near the treatment center for at least 2 weeks, or as long as your team says." in label
    assert "Do not drive or do risky tasks for at least 2 weeks, or as long as your team says." in label
    assert "4 weeks and 8 weeks before June 2025" in label
    assert _escaped(content.sources["label_changes_2025"].title) in label


def test_static_files_are_served(client):
    for name in ("style.css", "print.css", "ice.js", "favicon.svg"):
        with client.get(f"/static/{name}") as response:
            assert response.status_code == 200


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
