"""The template environment: indentation dropped without running words together."""

from __future__ import annotations


def render(app, source: str, **values) -> str:
    with app.app_context():
        return app.jinja_env.from_string(source).render(**values)


def test_indentation_goes_but_words_either_side_of_a_block_tag_stay_apart(app):
    source = "<ul>\n    <li>{% if x %}A{% endif %}\n    B</li>\n    {# note #}\n    C\n</ul>"
    assert render(app, source, x=True) == "<ul>\n<li>A B</li>\n C\n</ul>"
