"""The printable warning-signs card: the caregiver form's emergency signs, then every other sign by group."""

from __future__ import annotations

from dataclasses import dataclass

from triage.engine import Content


@dataclass(frozen=True)
class CardSection:
    level: object  # the urgency level (title, message)
    groups: tuple  # (heading, items); heading is "" for a single list


def warning_card(content: Content, first: str = "emergency", then: str = "contact_now") -> tuple:
    """The emergency box of rules/caregiver_form.yaml first, then its other groups (the signs to call about now)."""
    emergency = tuple(item for group in content.caregiver_form if group.emergency for item in group.items)
    others = tuple((group.title, group.items) for group in content.caregiver_form if not group.emergency)
    return (CardSection(content.level(first), (("", emergency),)), CardSection(content.level(then), others))
