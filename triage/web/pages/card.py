"""The printable warning-signs card: the caregiver's signs sorted by how urgent the rules make them."""

from __future__ import annotations

from dataclasses import dataclass

from triage.engine import Content


@dataclass(frozen=True)
class CardSection:
    level: object  # the urgency level (title, message)
    groups: tuple  # (heading, items); heading is "" for a single list


def warning_card(content: Content, first: str = "emergency", then: str = "contact_now") -> tuple:
    """Signs the emergency rules name, then every other caregiver sign by checklist (labs left out)."""
    urgent = set()
    for rule in content.urgency_rules:
        if rule.level == first:
            urgent |= rule.condition.items
    signs = [(c, [i for i in c.items if i.group != "lab"]) for c in content.checklists]
    emergency = tuple(i for _, items in signs for i in items if i.id in urgent)
    others = tuple((c.plain_title, tuple(i for i in items if i.id not in urgent)) for c, items in signs)
    return (CardSection(content.level(first), (("", emergency),)),
            CardSection(content.level(then), tuple(g for g in others if g[1])))
