"""The `triage` command: check the content, evaluate a findings document, serve the web app."""

from __future__ import annotations

import json
import sys

import click

from . import paths
from .engine import (
    ContentError,
    FindingsError,
    evaluate,
    load_content,
    parse_findings,
    render_coverage,
    render_text,
    scenario_coverage,
)
from .findings_io import read_findings_text


def _load(rules):
    try:
        return load_content(rules or paths.rules_dir())
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(error.summary(), err=True)
        sys.exit(error.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="car-t-toxicity-trainer", prog_name="triage")
def main():
    """CAR-T Toxicity Trainer: learn to recognise and grade CAR T-cell therapy toxicities.

    Educational only, not for clinical decisions. Contact your care team.
    """


@main.command()
@click.argument("rules_dir", required=False, type=click.Path(file_okay=False))
def check(rules_dir):
    """Validate every content file in RULES_DIR (default: the bundled rules/).

    Prints the counts and the scenario coverage table and exits 0, or prints every problem as
    file:line: message and exits 1 (an uncovered coverage cell is a problem too).
    """
    content = _load(rules_dir)
    click.echo(f"ok: {content.counts()} (content {content.version})")
    click.echo(render_coverage(scenario_coverage(content)), nl=False)


@main.command("evaluate")
@click.argument("findings_file", type=click.File("rb"))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--trace", is_flag=True, help="Add every rule checked: met, not met or unknown, and why.")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="Use another rules folder.")
def evaluate_command(findings_file, as_json, trace, rules_dir):
    """Evaluate a findings document (YAML or JSON; '-' reads standard input).

    Prints the syndromes, grades (with what was not assessed) and what decided them, timing,
    management approaches, urgency, with --trace every rule checked, and last: Contact your care team.
    """
    content = _load(rules_dir)
    name = getattr(findings_file, "name", "<stdin>")
    name = "<stdin>" if name in ("<stdin>", "-") or not isinstance(name, str) else name
    try:
        text = findings_file.read(1_000_001)
        if len(text) > 1_000_000:
            raise FindingsError("", f"{name}: larger than 1 MB")
        data = read_findings_text(text.decode("utf-8"), name)
        findings = parse_findings(data, content)
    except UnicodeDecodeError:
        _bad_input(FindingsError("", f"{name}: not UTF-8 text"))
    except FindingsError as error:
        _bad_input(error if str(error).startswith(name) else FindingsError("", f"{name}: {error}"))
    result = evaluate(content, findings)
    if as_json:
        click.echo(json.dumps(result.to_dict(trace=trace), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(result, content.disclaimer, trace=trace), nl=False)


def _bad_input(error: FindingsError):
    click.echo(f"error: {error}", err=True)
    sys.exit(error.exit_code)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="gunicorn worker processes.")
@click.option("--threads", default=12, show_default=True, type=click.IntRange(1, 256),
              help="Threads per worker: clients each worker serves at once, slow ones included.")
def serve(host, port, workers, threads):
    """Serve the web app with gunicorn; the access log is off, so nothing entered is logged.

    Without TRIAGE_SECRET_KEY the secret is the one kept in the instance folder (made on the first
    start, owner-only; TRIAGE_INSTANCE_PATH moves it), so all workers share it and forms outlive a restart.
    Behind a proxy, set TRIAGE_PROXY_HOPS=1 (and TRIAGE_SESSION_COOKIE_SECURE=true with HTTPS).
    """
    content = _load(None)
    from .web.server import serve as run_server

    run_server(content, host, port, workers, threads)
