"""The rules engine: load and validate content, parse findings, evaluate. Knows nothing of the web."""

from .content import Content
from .evaluate import evaluate
from .findings import FIELDS, ICE_ITEMS, INPUT_FIELDS, SECTIONS, FieldSpec, Findings, parse_findings
from .loader import load_content
from .problems import ContentError, FindingsError, Problem
from .result import Result
from .text import render_text

__all__ = [
    "Content", "ContentError", "FIELDS", "FieldSpec", "Findings", "FindingsError", "ICE_ITEMS",
    "INPUT_FIELDS", "Problem", "Result", "SECTIONS", "evaluate", "load_content", "parse_findings",
    "render_text",
]
