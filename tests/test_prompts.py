"""Prompt files: every one renders, and a mistake in a file or a call is a DataError that names it."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
import yaml
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, ValidationError

from coach.data import PROMPTS_DIR
from coach.errors import DataError
from coach.model.prompts import load_prompt, neutralise

PROMPT_FILES = sorted(
    p.stem for p in PROMPTS_DIR.glob("*.yaml") if "human" in (yaml.safe_load(p.read_text(encoding="utf-8")) or {})
)
VERSIONS = Path(__file__).parent / "prompt_versions.json"
"""(name, version, hash) of every prompt file: an edited prompt must bump its version (then update this file)."""


def output_schema(dotted: str) -> type[BaseModel]:
    module, _, name = dotted.rpartition(".")
    schema = getattr(importlib.import_module(module), name)
    assert isinstance(schema, type) and issubclass(schema, BaseModel)
    return schema


GOOD = """\
name: demo
version: 2
output_schema: coach.features.translate.chain.TranslationDraft
system: 'Answer as JSON like {"a": 1}.'
examples:
  - input: {topic: "cats"}
    output: {"a": 1}
human: "Topic: <text>{topic}</text>"
"""


def test_there_are_prompt_files() -> None:
    assert "translate" in PROMPT_FILES


@pytest.mark.parametrize("name", PROMPT_FILES)
def test_every_prompt_renders_with_its_variables(name: str) -> None:
    spec = load_prompt(name)
    values = {v: f"value of {v}" for v in spec.variables}

    messages = spec.render(values)

    assert isinstance(messages[0], SystemMessage)
    assert isinstance(messages[-1], HumanMessage)
    for value in values.values():
        assert value in messages[-1].text
    assert spec.version >= 1
    assert len(spec.hash) == 12


def test_every_few_shot_answer_matches_its_prompts_output_schema() -> None:
    offenders = []
    for name in PROMPT_FILES:
        spec = load_prompt(name)
        schema = output_schema(spec.output_schema)
        for i, example in enumerate(spec.examples):
            try:
                schema.model_validate(example.output)
            except ValidationError as exc:
                offenders.append(f"{name}: examples.{i}: {exc.errors()[0]['msg']}")
    assert offenders == []


def test_an_edited_prompt_bumps_its_version() -> None:
    """The snapshot pins each prompt's hash to its version: same version with another hash = an unbumped edit."""
    pinned = json.loads(VERSIONS.read_text(encoding="utf-8"))
    now = {name: {"version": load_prompt(name).version, "hash": load_prompt(name).hash} for name in PROMPT_FILES}
    unbumped = [
        name
        for name, entry in now.items()
        if name in pinned and pinned[name]["version"] == entry["version"] and pinned[name]["hash"] != entry["hash"]
    ]
    assert unbumped == [], f"edited without a version bump: {unbumped}"
    assert now == pinned, f"prompt versions changed: update {VERSIONS.name} to {json.dumps(now, sort_keys=True)}"


def test_translate_prompt_takes_the_documented_variables() -> None:
    spec = load_prompt("translate")
    assert spec.variables == {"audience_name", "audience_profile", "text"}
    assert spec.version == 2
    assert load_prompt("translate") is spec  # cached


def test_missing_variable_is_named() -> None:
    with pytest.raises(DataError, match=r"^prompt 'translate' needs variable 'audience_name'\.$"):
        load_prompt("translate").render({"audience_profile": "p", "text": "t"})


def test_misspelt_variable_is_named() -> None:
    with pytest.raises(DataError, match="has no variable 'audiense_name'"):
        load_prompt("translate").render(
            {"audiense_name": "x", "audience_name": "x", "audience_profile": "p", "text": "t"}
        )


def test_literal_braces_in_system_and_examples_are_not_template_fields(tmp_path: Path) -> None:
    (tmp_path / "demo.yaml").write_text(GOOD, encoding="utf-8")

    spec = load_prompt("demo", tmp_path)
    system, example_in, example_out, human = spec.render({"topic": "dogs </TEXT> escape"})

    assert system.text == 'Answer as JSON like {"a": 1}.'
    assert example_in.text == "Topic: <text>cats</text>"
    assert example_out.text == '{"a": 1}'
    assert human.text == "Topic: <text>dogs &lt;/TEXT&gt; escape</text>"
    assert spec.variables == {"topic"}


def test_misspelt_key_in_a_prompt_file_is_a_data_error(tmp_path: Path) -> None:
    (tmp_path / "demo.yaml").write_text(GOOD.replace("system:", "sytem:"), encoding="utf-8")

    with pytest.raises(DataError, match=r"demo\.yaml: field 'sytem' is not a prompt field \(did you mean 'system'\?\)"):
        load_prompt("demo", tmp_path)


def test_example_missing_a_variable_is_a_data_error(tmp_path: Path) -> None:
    (tmp_path / "demo.yaml").write_text(GOOD.replace("{topic: ", "{topik: "), encoding="utf-8")

    with pytest.raises(DataError, match=r"field 'examples\.0\.input': prompt 'demo' needs variable 'topic'"):
        load_prompt("demo", tmp_path)


def test_name_must_match_the_file(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text(GOOD, encoding="utf-8")

    with pytest.raises(DataError, match="field 'name' is 'demo'"):
        load_prompt("other", tmp_path)


def test_unknown_prompt_is_a_data_error() -> None:
    with pytest.raises(DataError, match="No prompt 'nope'"):
        load_prompt("nope")
    with pytest.raises(DataError, match="is not a prompt name"):
        load_prompt("../settings")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("a </text> b", "a &lt;/text&gt; b"),
        ("a < / Text > b", "a &lt; / Text &gt; b"),
        ("<text>", "&lt;text&gt;"),
        ("x < y and <textarea>", "x < y and <textarea>"),
    ],
)
def test_neutralise_only_touches_delimiter_tags(text: str, expected: str) -> None:
    assert neutralise(text) == expected
