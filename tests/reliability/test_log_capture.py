"""The suite-wide log search (tests/conftest.py) really sees every log line and would catch a leak."""

from __future__ import annotations

import logging

from tests.conftest import _entered_value_pattern


def test_the_suite_keeps_every_log_line_for_the_final_search(_no_user_input_in_any_log):
    logging.getLogger("werkzeug").info('"GET /result HTTP/1.1" 200 -')
    assert _no_user_input_in_any_log.lines[-1] == 'werkzeug: "GET /result HTTP/1.1" 200 -'


def test_the_search_recognises_what_a_user_entered():
    pattern = _entered_value_pattern()
    assert pattern.search('"GET /result?temperature_c=38.5&checked=fever HTTP/1.1" 200')
    assert pattern.search("rejected: oxygen_flow_l_min: takes a number from 0 to 80 L/min, got 99")
    assert not pattern.search('"GET /result HTTP/1.1" 200 -')


def test_the_apps_exception_log_names_neither_the_address_nor_what_the_exception_quoted(content, caplog):
    from flask import request

    from triage import create_app

    app = create_app({"TESTING": False}, content=content)

    @app.get("/boom/<path:rest>")
    def boom(rest):
        raise ValueError(f"cannot use {rest} with {request.args['temperature_c']}")

    with caplog.at_level(logging.ERROR, logger=app.logger.name):
        assert app.test_client().get("/boom/seizure?temperature_c=39.4").status_code == 500
    assert caplog.text.startswith("ERROR    triage")
    assert "Exception on a request [GET]" in caplog.text and "ValueError (its message is not logged)" in caplog.text
    assert "seizure" not in caplog.text and "39.4" not in caplog.text
