"""Cached page pieces (triage/web/fragments.py) change nothing a reader sees and keep nothing entered."""

from __future__ import annotations

from tests.share import share_query
from triage.engine import practice_case, practice_targets

# Pages with a form are left out: their CSRF token differs on every request.
OTHER_PAGES = ["/", "/card", "/glossary", "/glossary?view=student", "/about", "/result", "/result?checked=seizure",
               "/scenarios", "/scenarios/crs_then_icans/facilitate/2?reveal=1"] + [
    f"/syndromes/{s}{v}" for s in ("crs", "icans", "mas_hlh", "b_cell_aplasia") for v in ("", "?view=student")]


def result_pages(content) -> list[str]:
    """A result for every practice target (every grade of every syndrome), in both views, and their rules."""
    paths = []
    for index in range(len(practice_targets(content)) * 2):
        document = practice_case(content, seed=11, index=index).document
        for view in ("caregiver", "student"):
            paths.append("/result?" + share_query(document, view))
        paths.append("/result/rules?" + share_query(document, "student"))
    return paths


def test_every_page_is_the_same_with_and_without_the_cache(app, client, content):
    paths = result_pages(content) + OTHER_PAGES
    cached = {path: client.get(path).get_data(as_text=True) for path in paths}
    for path in reversed(paths):  # pieces now come from pages rendered before, in another order
        assert client.get(path).get_data(as_text=True) == cached[path], path
    assert len(app.jinja_env.fragment_cache) > 10
    app.jinja_env.fragment_cache_enabled = False
    for path in paths:
        assert client.get(path).get_data(as_text=True) == cached[path], path


def test_cache_keys_hold_content_ids_not_what_was_entered(app, client):
    client.get("/result?checked=fever&checked=confusion&temperature_c=39.3&days_since_infusion=23&age_years=47")
    keys = repr(list(app.jinja_env.fragment_cache))
    assert "39.3" not in keys and "23" not in keys and "47" not in keys
    assert "crs" in keys
