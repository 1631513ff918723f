"""Prompt files: data in prompts/<name>.yaml, validated, hashed and turned into a chat prompt.

A prompt file holds a `system` text, few-shot `examples` and a `human` template with `{variables}`. Only the
`human` template is a template: the system text and the examples are built as literal message objects, so
JSON braces in them never need escaping. User text is data, not instructions: the human templates wrap it in
`<text>…</text>`, and `render` neutralises a delimiter smuggled inside a value.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Formatter

import yaml
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.prompts import ChatPromptTemplate, HumanMessagePromptTemplate
from pydantic import BaseModel, ConfigDict, Field, JsonValue

from coach.data import PROMPTS_DIR, file_hash, read_yaml
from coach.errors import DataError

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# `<text>`, `</text>`, `< / TEXT >` ...: any tag that could close (or reopen) the data delimiters.
_DELIMITER_TAG = re.compile(r"<(\s*/?\s*text\s*)>", re.IGNORECASE)


class PromptExample(BaseModel):
    """One few-shot example: the variables of the human template, and the answer the model should give."""

    model_config = ConfigDict(extra="forbid")

    input: dict[str, str] = Field(description="A value for every variable of the human template.")
    output: dict[str, JsonValue] = Field(description="The ideal answer, as the output schema's JSON.")


class PromptFile(BaseModel):
    """The schema of prompts/<name>.yaml; a misspelt key is rejected, not ignored."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Must equal the file name without .yaml.")
    version: int = Field(ge=1, description="Bump on every change that could alter answers.")
    system: str = Field(min_length=1, description="The system message, used literally.")
    examples: list[PromptExample] = Field(default_factory=list, description="Few-shot examples.")
    human: str = Field(min_length=1, description="The human message: a template with {variables}.")
    output_schema: str = Field(
        pattern=r"^[a-z_][\w.]*\.[A-Z]\w*$",
        description="The pydantic model the answer must match, as module.Class (its few-shot outputs are tested "
        "against it).",
    )


def neutralise(value: str) -> str:
    """Make a `<text>`/`</text>` tag inside user text inert, so the text cannot leave its delimiters."""
    return _DELIMITER_TAG.sub(r"&lt;\1&gt;", value)


@dataclass(frozen=True)
class PromptSpec:
    """A loaded, validated prompt: what a chain needs to ask the model, and what a result records."""

    name: str
    version: int
    hash: str
    """Short content hash of the file; travels with results and eval reports."""
    variables: frozenset[str]
    output_schema: str
    """module.Class of the answer's pydantic model."""
    examples: tuple[PromptExample, ...]
    template: ChatPromptTemplate
    """System message, then each example as a human/AI pair, then the human template."""

    @functools.cached_property
    def _parts(self) -> tuple[tuple[BaseMessage, ...], str]:
        """The template's literal messages, and its human template as a `str.format` string."""
        *fixed, human = self.template.messages
        if not isinstance(human, HumanMessagePromptTemplate) or not all(isinstance(m, BaseMessage) for m in fixed):
            raise TypeError(f"prompt '{self.name}': the template is not literal messages and one human template")
        template = human.prompt.template  # type: ignore[union-attr]
        return tuple(m for m in fixed if isinstance(m, BaseMessage)), str(template)

    def render(self, variables: Mapping[str, str], history: Sequence[tuple[str, str]] = ()) -> list[BaseMessage]:
        """The messages to send. Every variable must be given, and no unknown one; values are neutralised.

        `history` (earlier ("user" | "assistant", text) turns of a conversation) goes between the few-shot
        examples and the rendered human message; user turns are wrapped in <text> like every user value.
        """
        check_variables(self.name, self.variables, variables)
        # The same messages `template.format_messages` builds (the literal ones are even the same objects), without
        # LangChain's template machinery on every call: only the human template has variables.
        fixed, human = self._parts
        messages = [*fixed, HumanMessage(content=human.format(**{k: neutralise(v) for k, v in variables.items()}))]
        if not history:
            return messages
        turns: list[BaseMessage] = []
        for role, text in history:
            if role == "user":
                turns.append(HumanMessage(content=f"<text>\n{neutralise(text)}\n</text>"))
            elif role == "assistant":
                turns.append(AIMessage(content=text))
            else:
                raise DataError(f"prompt '{self.name}': a turn's role must be 'user' or 'assistant' (got {role!r}).")
        return [*messages[:-1], *turns, messages[-1]]


def check_variables(name: str, expected: frozenset[str], given: Mapping[str, str]) -> None:
    """DataError naming the first missing (or unknown) variable."""
    missing = sorted(expected - given.keys())
    if missing:
        raise DataError(f"prompt '{name}' needs variable '{missing[0]}'.")
    unknown = sorted(given.keys() - expected)
    if unknown:
        raise DataError(f"prompt '{name}' has no variable '{unknown[0]}' (it takes: {', '.join(sorted(expected))}).")


@functools.cache
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> PromptSpec:
    """Load and validate prompts/<name>.yaml (cached: a prompt file is read once per process)."""
    if not _NAME.match(name):
        raise DataError(f"'{name}' is not a prompt name (lower-case letters, digits, '-' and '_').")
    path = directory / f"{name}.yaml"
    if not path.is_file():
        raise DataError(f"No prompt '{name}': {path} does not exist.")
    _reject_unknown_keys(path)
    spec = read_yaml(path, PromptFile)
    if spec.name != name:
        raise DataError(f"{path}: field 'name' is '{spec.name}' but the file is named '{name}.yaml'.")
    return PromptSpec(
        name=name,
        version=spec.version,
        hash=file_hash(path),
        variables=_template_variables(path, spec.human),
        output_schema=spec.output_schema,
        examples=tuple(spec.examples),
        template=_build_template(path, spec),
    )


def _reject_unknown_keys(path: Path) -> None:
    """Name a misspelt key ('sytem') rather than report the field it was meant to be as missing."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return  # read_yaml reports these with its own message
    if not isinstance(raw, dict):
        return
    known = list(PromptFile.model_fields)
    for key in raw:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(known)})"
            raise DataError(f"{path}: field '{key}' is not a prompt field{hint}.")


def _template_variables(path: Path, human: str) -> frozenset[str]:
    try:
        fields = {field for _, field, _, _ in Formatter().parse(human) if field is not None}
    except ValueError as exc:
        raise DataError(f"{path}: field 'human' is not a valid template: {exc}.") from exc
    bad = sorted(f for f in fields if not f.isidentifier())
    if bad:
        raise DataError(f"{path}: field 'human': '{{{bad[0]}}}' is not a variable name (write '{{{{' for a brace).")
    return frozenset(fields)


def _build_template(path: Path, spec: PromptFile) -> ChatPromptTemplate:
    human = HumanMessagePromptTemplate.from_template(spec.human)
    expected = _template_variables(path, spec.human)
    messages: list[BaseMessage | HumanMessagePromptTemplate] = [SystemMessage(content=spec.system)]
    for i, example in enumerate(spec.examples):
        try:
            check_variables(spec.name, expected, example.input)
        except DataError as exc:
            raise DataError(f"{path}: field 'examples.{i}.input': {exc}") from exc
        shown = human.format(**{k: neutralise(v) for k, v in example.input.items()})
        messages.append(HumanMessage(content=shown.content))
        messages.append(AIMessage(content=json.dumps(example.output, ensure_ascii=False)))
    messages.append(human)
    return ChatPromptTemplate.from_messages(messages)
