"""Systematic breakages of the content files: `triage check` and app start-up both refuse, at file:line.

Every kind of content file gets every breakage that applies to it (bad indentation, duplicate key,
unknown key, unknown reference, wrong type, missing source); every other file gets one of them, in turn.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from triage.cli import main
from triage.engine import ContentError

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
KEY_LINE = re.compile(r"^(?P<indent>\s*)(?:- )?(?P<key>[a-z_]+): (?P<value>[^\s{\[>|&*!#][^#]*)$")


@dataclass(frozen=True)
class Breakage:
    text: str  # the whole file after the breakage
    line: int  # where the problem must be reported
    message: str  # the exact message, or a prefix ending in ': ' for YAML syntax errors


def _lines(text):
    return text.split("\n")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def bad_indentation(text: str, path: Path):
    lines = _lines(text)
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        if KEY_LINE.match(line) and _indent(line) > 0 and _indent(nxt) == _indent(line) and ": " in nxt:
            broken = lines[: i + 1] + [" " * (_indent(line) + 1) + "oops: 1"] + lines[i + 1:]
            return Breakage("\n".join(broken), i + 2, "YAML syntax: ")
    return None


def duplicate_key(text: str, path: Path):
    lines = _lines(text)
    for i, line in enumerate(lines):
        m = KEY_LINE.match(line)
        if m and not line.lstrip().startswith("- "):
            broken = lines[: i + 1] + [line] + lines[i + 1:]
            return Breakage("\n".join(broken), i + 2, f"duplicate key '{m['key']}' (first at line {i + 1})")
    return None


def unknown_key(text: str, path: Path):
    if path.parent.name == "examples":
        return None
    lines = _lines(text)
    for i, line in enumerate(lines):
        m = KEY_LINE.match(line)
        if m and _indent(line) == 0:
            broken = lines[:i] + [line.replace(f"{m['key']}:", f"{m['key']}x:", 1)] + lines[i + 1:]
            return Breakage("\n".join(broken), i + 1, f"unknown key '{m['key']}x' (did you mean '{m['key']}'?)")
    return None


def unknown_reference(text: str, path: Path):
    match = re.search(r"\bref: ([a-z0-9_]+)", text)
    if not match or path.name in ("content.yaml", "coverage.yaml"):  # coverage.yaml's refs name conditions
        return None
    wrong = match.group(1) + "x"
    line = text[: match.start()].count("\n") + 1
    return Breakage(text[: match.start(1)] + wrong + text[match.end(1):], line,
                    f"unknown source '{wrong}' (did you mean '{match.group(1)}'?)")


def wrong_type(text: str, path: Path):
    if path.parent.name == "examples":
        match = re.search(r"^age_years: (\d+)$", text, re.M)
        if not match:
            return None
        line = text[: match.start()].count("\n") + 1
        return Breakage(text[: match.start(1)] + '"old"' + text[match.end(1):], line,
                        "not a valid findings document: age_years: takes a whole number from 0 to 120 years, got 'old'")
    if path.name == "content.yaml":
        match = re.search(r"^schema_version: (1)$", text, re.M)
        line = text[: match.start()].count("\n") + 1
        return Breakage(text[: match.start(1)] + '"one"' + text[match.end(1):], line,
                        "'schema_version' must be one of: 1; got 'one'")
    match = re.search(r"section: (\"[^\"]*\"|[^,}\n]+)", text)
    if not match:
        return None
    line = text[: match.start()].count("\n") + 1
    return Breakage(text[: match.start(1)] + "[1, 2]" + text[match.end(1):], line, "'section' must be text, got a list")


def missing_source(text: str, path: Path):
    lines = _lines(text)
    for i, line in enumerate(lines):
        if re.match(r"^\s+source:", line):
            depth = _indent(line)
            end = i + 1
            while end < len(lines) and lines[end].strip() and _indent(lines[end]) > depth:
                end += 1
            owner = next(j for j in range(i - 1, -1, -1) if lines[j].strip() and _indent(lines[j]) < depth
                         or lines[j].lstrip().startswith("- ") and _indent(lines[j]) + 2 == depth)
            broken = lines[:i] + lines[end:]
            return Breakage("\n".join(broken), owner + 1, "is missing 'source'")
    return None


BREAKAGES = [bad_indentation, duplicate_key, unknown_key, unknown_reference, wrong_type, missing_source]


def _cases():
    files = sorted(p for p in RULES.rglob("*.yaml"))
    seen_kinds = set()
    for n, path in enumerate(files):
        kind = path.parent.name if path.parent != RULES else path.stem
        every = kind not in seen_kinds
        seen_kinds.add(kind)
        text = path.read_text(encoding="utf-8")
        applicable = [b for b in BREAKAGES if b(text, path) is not None]
        chosen = applicable if every else applicable[n % len(applicable):][:1]
        for breakage in chosen:
            relative = path.relative_to(RULES).as_posix()
            yield pytest.param(relative, breakage, id=f"{relative}-{breakage.__name__}")


def _broken_copy(tmp_path, relative, breakage):
    path = RULES / relative
    found = breakage(path.read_text(encoding="utf-8"), path)
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    (copy / relative).write_text(found.text, encoding="utf-8")
    return copy, found


def _matches(line: str, relative: str, found: Breakage) -> bool:
    prefix = f"rules/{relative}:{found.line}: "
    if not line.startswith(prefix):
        return False
    message = line[len(prefix):]
    if found.message.endswith(": "):
        return message.startswith(found.message)
    if found.message.startswith("is missing"):
        return message.endswith(found.message)
    return message == found.message


@pytest.mark.parametrize(("relative", "breakage"), list(_cases()))
def test_check_and_app_start_up_refuse_a_broken_file_at_its_line(tmp_path, relative, breakage):
    copy, found = _broken_copy(tmp_path, relative, breakage)
    result = CliRunner().invoke(main, ["check", str(copy)])
    assert result.exit_code == 1
    assert any(_matches(line, relative, found) for line in result.output.splitlines()), result.output

    from triage import create_app

    with pytest.raises(ContentError) as caught:
        create_app({"TESTING": True, "RULES_DIR": str(copy)})
    assert any(_matches(str(p), relative, found) for p in caught.value.problems)
