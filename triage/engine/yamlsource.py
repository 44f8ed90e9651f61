"""Read a YAML file into plain data plus the line of every key and list entry."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .problems import Problem

# libyaml's parser when PyYAML was built with it (it is in the wheels): the same nodes and marks, ~10x faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


class _LoadProblem(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its data and a map from a path (tuple of keys and indexes) to a 1-based line."""

    path: str
    data: object
    lines: dict = field(repr=False)

    def line(self, location) -> int:
        """The line of `location`, or of its nearest parent that has one."""
        location = tuple(location)
        while location and location not in self.lines:
            location = location[:-1]
        return self.lines.get(location, 1)

    def problem(self, location, message: str) -> Problem:
        return Problem(self.path, self.line(location), message)


def read_document(path: str, text: str) -> tuple[Document | None, list[Problem]]:
    """Parse `text`; on any YAML error return (None, [problem]) instead of raising."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            lines: dict = {}
            data = _convert(loader, node, (), lines) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(path, line, f"YAML syntax: {error.problem or error.context}")]
    except yaml.YAMLError as error:
        return None, [Problem(path, 1, f"YAML syntax: {error}")]
    except _LoadProblem as error:
        return None, [Problem(path, error.line, error.message)]
    return Document(path, data, lines), []


def _convert(loader, node, location, lines):
    lines.setdefault(location, node.start_mark.line + 1)
    if node.tag not in _STANDARD_TAGS:
        raise _LoadProblem(node.start_mark.line + 1, f"tag '{node.tag}' is not allowed")
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(loader, node, location, lines)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, location + (i,), lines) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def _convert_mapping(loader, node, location, lines):
    result: dict = {}
    first_line: dict = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise _LoadProblem(line, "merge keys ('<<') are not allowed: write the keys out")
        if not isinstance(key_node, yaml.ScalarNode):
            raise _LoadProblem(line, "a key must be a plain word")
        key = loader.construct_object(key_node)
        if not isinstance(key, str):
            key = str(key_node.value)
        if key in result:
            raise _LoadProblem(line, f"duplicate key '{key}' (first at line {first_line[key]})")
        first_line[key] = line
        lines[location + (key,)] = line
        result[key] = _convert(loader, value_node, location + (key,), lines)
        lines[location + (key,)] = line
    return result
