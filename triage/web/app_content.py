"""What the app builds once at start-up from the content, kept on app.extensions["triage"]."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from flask import current_app

from triage.engine import Content

from .rendering.glossary import GlossaryLinker


@dataclass(frozen=True)
class Site:
    content: Content
    forms: MappingProxyType  # view ("caregiver" or "student") -> form class
    linker: GlossaryLinker
    openapi: dict  # the API's OpenAPI document, worked out once from the content


def current_site() -> Site:
    return current_app.extensions["triage"]
