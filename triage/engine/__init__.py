"""The rules engine: load and validate content, parse findings, evaluate. Knows nothing of the web.

Teaching on top of it: scenarios (content.scenarios, with evaluate_step / step_results as their answer
key), learner feedback (parse_answer, give_feedback, model_answer, scenario_score), practice cases
(practice_case) and the scenario coverage table (scenario_coverage, render_coverage).
"""

from .content import Content, Syndrome, TimingWindow
from .coverage import CoverageRow, render_coverage, scenario_coverage
from .evaluate import evaluate
from .feedback import (
    Feedback,
    LearnerAnswer,
    Mark,
    Score,
    give_feedback,
    graded_syndromes,
    model_answer,
    parse_answer,
    scenario_score,
)
from .findings import (
    FIELDS,
    ICE_ITEMS,
    INPUT_FIELDS,
    SECTIONS,
    FieldSpec,
    Findings,
    findings_json_schema,
    parse_findings,
)
from .loader import load_content
from .practice import TARGETS, PracticeCase, Target, practice_case
from .problems import ContentError, FindingsError, Problem, suggest
from .result import Result
from .scenarios import DebriefPoint, Expectation, Scenario, Step, evaluate_step, step_results
from .text import render_text

__all__ = [
    "Content", "ContentError", "CoverageRow", "DebriefPoint", "Expectation", "FIELDS", "Feedback", "FieldSpec",
    "Findings", "FindingsError", "ICE_ITEMS", "INPUT_FIELDS", "LearnerAnswer", "Mark", "PracticeCase", "Problem",
    "Result", "SECTIONS", "Scenario", "Score", "Step", "Syndrome", "TARGETS", "Target", "TimingWindow", "evaluate",
    "evaluate_step", "findings_json_schema", "give_feedback", "graded_syndromes", "load_content", "model_answer",
    "parse_answer", "parse_findings", "practice_case", "render_coverage", "render_text", "scenario_coverage",
    "scenario_score", "step_results", "suggest",
]
