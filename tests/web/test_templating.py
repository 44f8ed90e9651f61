"""The template environment: dict keys read first, indentation dropped without running words together."""

from __future__ import annotations


def render(app, source: str, **values) -> str:
    with app.app_context():
        return app.jinja_env.from_string(source).render(**values)


def test_a_dict_key_is_read_before_a_method_of_the_same_name_and_methods_still_work(app):
    assert render(app, "{{ d.grade }}|{{ d.items|join(',') }}|{{ d.keys()|list|length }}",
                  d={"grade": 2, "items": ["fever"]}) == "2|fever|2"
    assert render(app, "{{ d.missing is undefined }}", d={}) == "True"


def test_indentation_goes_but_words_either_side_of_a_block_tag_stay_apart(app):
    source = "<ul>\n    <li>{% if x %}A{% endif %}\n    B</li>\n    {# note #}\n    C\n</ul>"
    assert render(app, source, x=True) == "<ul>\n<li>A B</li>\n C\n</ul>"
