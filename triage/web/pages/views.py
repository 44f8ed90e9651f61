"""The pages: home, caregiver checklist, student workbench, result, card, glossary, about."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from triage.engine import FindingsError, evaluate, suggest

from ..app_content import current_site
from ..compression import holds_a_form
from ..errors import BadFindings
from ..rendering.templating import page_url
from ..text_input import quoted
from .card import warning_card
from .forms import anchor_of, checklist_groups, error_list, read_form, workbench_sections
from .result_page import build_result_page
from .share import findings_from_query, query_from_findings, read_view
from .syndrome_page import build_syndrome_page
from .team_number import saved_number

bp = Blueprint("pages", __name__)
bp.add_app_template_global(anchor_of)
bp.add_app_template_global(error_list)
SIGNS = {"checked", "temperature_c"}  # a caregiver result needs one of these
NOTHING_TICKED = ("Tick at least one sign you notice, or enter a temperature. If you are worried about the person, "
                  "call the care team now: you do not need a sign from this list.")
FORM_PAGES = {"caregiver": "pages/caregiver.html", "student": "pages/workbench.html"}


@bp.get("/")
def home():
    return render_template("pages/home.html")


@bp.route("/caregiver", methods=["GET", "POST"])
def caregiver():
    return _form_page("caregiver")


@bp.route("/workbench", methods=["GET", "POST"])
def workbench():
    return _form_page("student")


def _form_page(view: str):
    """GET: the form (prefilled from a share query); POST: 303 to the result, or the form again with everything
    entered and the errors (422; 400 when its token was refused)."""
    site = current_site()
    form = site.forms[view]()
    holds_a_form()
    status = 200
    if request.method == "POST":
        findings = read_form(form, site.content)
        if findings is not None and view == "caregiver" and not SIGNS & findings.to_dict().keys():
            form.form_errors.append(NOTHING_TICKED)
            findings = None
        if findings is not None:
            query = query_from_findings(findings.to_dict(), view, site.content.contract)
            return redirect(url_for("pages.result") + "?" + query, 303)
        status = 400 if form.token_refused else 422
    elif request.args:
        form.fill(_findings_from_url().to_dict())
    sections = workbench_sections(form, site.content) if view == "student" else None
    return render_template(FORM_PAGES[view], form=form, view=view, sections=sections,
                           groups=checklist_groups(site.content, view), card=warning_card(site.content)), status


RESULT_PAGES = {"caregiver": ("pages/caregiver_result.html", "pages.caregiver"),
                "student": ("pages/student_result.html", "pages.workbench")}


@bp.get("/result")
def result():
    """The result of the findings in the query string, for a caregiver (the default) or a student
    (?view=student): nothing is stored, so the URL is the result."""
    page = _result_page(every_rule=False)
    template, form = RESULT_PAGES[page.view]
    return render_template(template, page=page, form_url=page_url(form) + "?" + page.query,
                           team_phone=saved_number() if page.view == "caregiver" else "")


@bp.get("/result/rules")
def result_rules():
    """Every rule the engine checked for these findings, met or not, with its reason, file and line."""
    return render_template("pages/result_rules.html", page=_result_page(every_rule=True))


def _result_page(every_rule: bool):
    site = current_site()
    view = _view()
    findings = _findings_from_url()
    return build_result_page(site.content, evaluate(site.content, findings), "student" if every_rule else view,
                             every_rule)


def _findings_from_url():
    try:
        content = current_site().content
        return content.parse_findings(findings_from_query(request.args, content.contract))
    except FindingsError as error:
        raise BadFindings(error) from None


@bp.get("/card")
def card():
    content = current_site().content
    return render_template("pages/card.html", card=warning_card(content), team_phone=saved_number(),
                           label_source=content.sources["label_changes_2025"])


@bp.get("/glossary")
def glossary():
    """Plain words by default; ?view=student gives the clinical definitions and sources (each page < 50 KB)."""
    view = _view(findings=False)
    terms = sorted(current_site().content.glossary.values(), key=lambda term: term.term.lower())
    return render_template("pages/glossary.html", terms=terms, student=view == "student")


@bp.get("/syndromes/<syndrome_id>")
def syndrome(syndrome_id: str):
    """One syndrome for reference: every typical window and care approach; ?view=student adds its grading."""
    content = current_site().content
    page = build_syndrome_page(content, syndrome_id, _view(findings=False))
    if page is None:
        abort(404, f"There is no syndrome {quoted(syndrome_id)}{suggest(syndrome_id.lower(), content.syndromes)}; "
                   f"the syndromes are {', '.join(content.syndromes)}.")
    return render_template("pages/syndrome.html", page=page)


def _view(findings: bool = True) -> str:
    """?view= caregiver (the default) or student; glossary links on the page follow it."""
    try:
        view = read_view(request.args)
    except FindingsError as error:
        raise (BadFindings(error) if findings else
               BadFindings(error, "The address asks for a view the tool does not have.")) from None
    g.glossary_view = view
    return view


@bp.get("/about")
def about():
    return render_template("pages/about.html")
