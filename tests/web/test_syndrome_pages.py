"""GET /syndromes/<id>: one syndrome for reference, every window and approach with its source."""

from __future__ import annotations

import pytest
from markupsafe import escape

from triage.web.pages.syndrome_page import grades_in_words

from .test_pages import page_text, text_lines

SYNDROMES = ["crs", "icans", "mas_hlh", "b_cell_aplasia"]


def words(text: str) -> str:
    return " ".join(str(escape(text)).split())


@pytest.mark.parametrize("syndrome_id", SYNDROMES)
def test_every_window_and_approach_is_listed_with_its_source(client, content, syndrome_id):
    syndrome = content.syndromes[syndrome_id]
    html = client.get(f"/syndromes/{syndrome_id}").get_data(as_text=True)
    text = page_text(html)
    assert f"<h1>{escape(syndrome.name)}</h1>" in html
    assert " ".join(syndrome.plain_summary.split()) in text
    for window in syndrome.windows:
        assert words(window.label) in " ".join(html.split())
        for c in window.sources:
            assert f'href="/about#source-{c.ref}">{escape(c.short)}</a>, {escape(c.section)}' in html
    for approach in syndrome.management:
        assert f"{grades_in_words(approach.grades)}: {' '.join(approach.text.split())}" in text
    assert text_lines(html)[-1] == content.closing
    assert 'class="timeline__svg"' in html and "tl-marker" not in html


@pytest.mark.parametrize("syndrome_id", SYNDROMES)
def test_the_student_page_shows_how_it_is_graded_with_file_and_line(client, content, syndrome_id):
    html = client.get(f"/syndromes/{syndrome_id}?view=student").get_data(as_text=True)
    rules = [r for r in content.gradings[syndrome_id].rules if r.kind in ("grade", "flag")]
    assert rules
    for rule in rules:
        assert f"<code>{rule.id}</code> at <code>{rule.where()}</code>" in html
    assert " ".join(content.syndromes[syndrome_id].summary.split()) in page_text(html)
    assert 'href="/glossary?view=student#term-' in html


def test_the_about_page_links_every_syndrome_page_in_both_views(client, content):
    html = client.get("/about").get_data(as_text=True)
    for syndrome_id in content.syndromes:
        assert f'href="/syndromes/{syndrome_id}"' in html and f'href="/syndromes/{syndrome_id}?view=student"' in html


def test_the_plain_page_leaves_the_grading_to_the_student_page(client):
    html = client.get("/syndromes/crs").get_data(as_text=True)
    assert "How it is graded" not in html and "<code>" not in html
    assert 'href="/syndromes/crs?view=student"' in html


@pytest.mark.parametrize(("path", "status", "reason"), [
    ("/syndromes/flu", 404, "There is no syndrome &#39;flu&#39;; the syndromes are crs, icans, mas_hlh, "
                            "b_cell_aplasia, icaht_early"),
    ("/syndromes/CRS", 404, "There is no syndrome &#39;CRS&#39; (did you mean &#39;crs&#39;?)"),
    ("/syndromes/" + "x" * 3000, 404, "There is no syndrome &#39;" + "x" * 37 + "...&#39;"),
    ("/syndromes/crs?view=doctor", 400, "The address asks for a view the tool does not have. "
                                        "view: takes one of: caregiver, student, got &#39;doctor&#39;"),
])
def test_an_unknown_syndrome_or_view_is_a_4xx_page_with_the_reason(client, content, path, status, reason):
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert reason in html
    assert text_lines(html)[-1] == content.closing


@pytest.mark.parametrize(("grades", "said"), [
    ((), "At every grade"), ((2,), "Grade 2"), ((3, 4), "Grades 3 and 4"), ((2, 3, 4), "Grades 2 to 4"),
    ((1, 3), "Grades 1 and 3"), ((1, 2, 4), "Grades 1, 2 and 4"),
])
def test_which_grades_an_approach_is_for_reads_as_words(grades, said):
    assert grades_in_words(grades) == said
