"""The rules engine: load and validate content, parse findings, evaluate. Knows nothing of the web.

Teaching on top of it: scenarios (content.scenarios, with evaluate_step / step_results as their answer
key), the deciding finding in plain clinical words (deciding_finding, urgency_reason), learner feedback
(parse_answer, give_feedback, model_answer, scenario_score), practice cases (practice_case,
practice_targets) and the scenario coverage table (scenario_coverage, render_coverage).
"""

from .content import Content, Syndrome, TimingWindow
from .contract import Contract, Findings
from .coverage import CoverageRow, render_coverage, scenario_coverage
from .deciding import Decision, deciding_finding, reason_for, urgency_reason
from .evaluate import evaluate
from .feedback import Feedback, LearnerAnswer, Mark, Score, give_feedback, model_answer, parse_answer, scenario_score
from .fields import FieldSpec, number_text
from .loader import load_content
from .practice import PracticeCase, Target, practice_case, practice_targets
from .problems import ContentError, FindingsError, Problem, suggest
from .result import GradeRange, Result
from .scenarios import AskFirst, DebriefPoint, Expectation, Scenario, Step, evaluate_step, step_results
from .text import render_text


def parse_findings(data, content: Content) -> Findings:
    """A findings document (plain data) checked against the content's contract; FindingsError names the field."""
    return content.parse_findings(data)


__all__ = [
    "AskFirst", "Content", "ContentError", "Contract", "CoverageRow", "DebriefPoint", "Decision", "Expectation",
    "Feedback",
    "FieldSpec", "Findings", "FindingsError", "GradeRange", "LearnerAnswer", "Mark", "PracticeCase", "Problem",
    "Result", "Scenario", "Score", "Step", "Syndrome", "Target", "TimingWindow", "deciding_finding", "evaluate",
    "evaluate_step", "give_feedback", "load_content", "model_answer", "number_text", "parse_answer",
    "parse_findings", "practice_case", "practice_targets", "reason_for", "render_coverage", "render_text",
    "scenario_coverage", "scenario_score", "step_results", "suggest", "urgency_reason",
]
