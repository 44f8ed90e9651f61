"""Read every file of a rules/ folder: each one's kind from where it sits, parsed with its lines, and
checked against its kind's JSON Schema (rules/schema/<kind>.schema.json). The first stage of load_content."""

from __future__ import annotations

from pathlib import Path

from .problems import ContentError, Problem
from .schema import validate_document
from .yamlsource import Document, read_document

# folder or file -> kind of content file (the schema it must meet)
KINDS = {"content.yaml": "content", "findings.yaml": "findings_contract", "urgency.yaml": "urgency",
         "glossary.yaml": "glossary", "coverage.yaml": "coverage", "caregiver_form.yaml": "caregiver_form",
         "checklists": "checklist",
         "syndromes": "syndrome", "grading": "grading", "examples": "example", "scenarios": "scenario"}
REQUIRED = ("content.yaml", "findings.yaml", "urgency.yaml", "glossary.yaml", "schema")


def read_rules_folder(rules_dir: Path) -> tuple[dict, list]:
    """kind -> its Documents, and every problem found reading them (a missing core file stops at once)."""
    for needed in REQUIRED:
        if not (rules_dir / needed).exists():
            raise ContentError([Problem(f"{rules_dir.name}/{needed}", 1,
                                        f"not a rules folder: {needed} is missing")])
    docs: dict[str, list[Document]] = {kind: [] for kind in KINDS.values()}
    problems: list[Problem] = []
    schema_dir = rules_dir / "schema"
    for path in sorted(p for p in rules_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(rules_dir)
        if relative.parts[0] == "schema":
            continue
        shown = f"{rules_dir.name}/{relative.as_posix()}"
        kind = _kind_of(relative)
        if kind is None:
            problems.append(Problem(shown, 1, "not a content file: expected "
                                    + ", ".join(k for k in KINDS if k.endswith(".yaml"))
                                    + " or a .yaml file in "
                                    + ", ".join(f"{k}/" for k in KINDS if not k.endswith(".yaml"))))
            continue
        doc, found = _read(path, shown)
        problems.extend(found)
        if doc is not None:
            if kind != "example":  # an example is a findings document: the contract checks it
                problems.extend(validate_document(doc, kind, schema_dir))
            docs[kind].append(doc)
    return docs, problems


def _kind_of(relative: Path):
    if relative.suffix != ".yaml" or len(relative.parts) > 2:
        return None
    kind = KINDS.get(relative.parts[0])
    is_file_kind = relative.parts[0].endswith(".yaml")
    return kind if (len(relative.parts) == 1) == is_file_kind else None


def _read(path: Path, shown: str):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(shown, 1, f"not UTF-8 text ({error.reason})")]
    return read_document(shown, text)
