"""The Glossary and Profile tabs: team terms saved to the team glossary file and used at once; a profile saved
in the store and applied to every feature — by the offline engine (names kept) and the LLM engine (prompt)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
import yaml
from llm_server import LLMServer
from test_ui import settings

from coach import Coach
from coach.analysis.spans import outermost
from coach.flow.context import WRITER_ACK
from coach.store import Profile, Store
from coach.team_glossary import search
from coach.ui import glossary_tab, profile_tab

INCIDENT = "We shipped a canary of Falcon to 5% of users; the canary caught the bug in 12 minutes."


@pytest.fixture
def coach(tmp_path: Path) -> Iterator[Coach]:
    # No COACH_GLOSSARY: the default team file in the data directory (conftest gives each test its own).
    c = Coach(settings(COACH_ENGINE="offline", COACH_DB_URL=f"sqlite:///{tmp_path / 'c.db'}"))
    yield c
    c.store.close()


def save_term(coach: Coach, **fields: Any) -> list[Any]:
    form = {"term": "", "aliases": "", "plain": "", "style": "replace", "category": "general", "known_by": []}
    form |= fields
    return glossary_tab.save(coach, *form.values(), "", "")


# --- Glossary ------------------------------------------------------------------------------------------------


def test_search_finds_built_in_terms_by_term_alias_or_plain_words(coach: Coach) -> None:
    by_term = glossary_tab.rows(coach, "canary")
    by_plain = glossary_tab.rows(coach, "trial release")

    assert "canary" in [r[0] for r in by_term] and all(r[4] == "built-in" for r in by_term)
    assert "canary" in [r[0] for r in by_plain]


def test_a_team_term_is_saved_to_the_file_and_used_at_once(coach: Coach) -> None:
    before = coach.translate(INCIDENT, "executive")
    assert "Falcon" not in [h.term for h in before.jargon if h.plain]

    table, editing, status = save_term(coach, term="Falcon", plain="our new checkout system", aliases="Project Falcon")

    path = coach.settings.team_glossary()
    assert not path.is_relative_to(Path.home() / ".local")  # the test's own data directory
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert saved["terms"][0]["term"] == "Falcon" and saved["terms"][0]["aliases"] == ["Project Falcon"]
    assert editing == "Falcon" and str(path) in status
    assert table[0][:2] == ["Falcon", "our new checkout system"] and table[0][4] == "team"
    after = coach.translate(INCIDENT, "executive")  # the same coach: no restart
    assert ("Falcon", "our new checkout system") in [(h.term, h.plain) for h in after.jargon]
    assert "our new checkout system" in after.rewrite


def test_a_team_term_overrides_the_built_in_one_and_removing_it_restores_it(coach: Coach) -> None:
    save_term(coach, term="canary", plain="first small release", known_by=["product"])
    [found] = [f for f in search(coach.settings.team_glossary(), "canary") if f.entry.term == "canary"]
    assert (found.source, found.entry.plain) == ("team", "first small release")

    glossary_tab.remove(coach, "canary", "")

    [back] = [f for f in search(coach.settings.team_glossary(), "canary") if f.entry.term == "canary"]
    assert back.source == "built-in"


def test_a_bad_entry_is_a_warning_and_nothing_is_written(coach: Coach) -> None:
    with pytest.warns(UserWarning, match="plain"):
        save_term(coach, term="Falcon", plain="")

    assert not coach.settings.team_glossary().exists()


# --- Profile -------------------------------------------------------------------------------------------------


def test_the_profile_is_saved_in_the_store_and_read_back_by_the_form(coach: Coach) -> None:
    status = profile_tab.save(coach, " ML lead ", "Acme", "Falcon\nLedgerSync, Falcon", "our CFO", "canary\n")

    assert status.startswith("✓ Saved. Names kept exactly: Acme, Falcon, LedgerSync, canary.")
    assert profile_tab.load(coach) == ["ML lead", "Acme", "Falcon\nLedgerSync", "our CFO", "canary"]
    with Store.open(coach.settings.db_url) as other:  # another process (the CLI) sees the same profile
        assert other.get_profile().kept_names() == ("Acme", "Falcon", "LedgerSync", "canary")


def test_a_value_over_the_limit_is_a_warning_naming_the_field(coach: Coach) -> None:
    with pytest.warns(UserWarning, match="Profile not saved: role"):
        profile_tab.save(coach, "x" * 201, "", "", "", "")


def test_offline_every_feature_keeps_the_protected_names(coach: Coach) -> None:
    flagged = coach.translate(INCIDENT, "executive")
    assert "canary" in [h.term for h in outermost(flagged.jargon)]

    coach.save_profile(Profile(products=("Falcon",), protected=("canary",)))

    kept = coach.translate(INCIDENT, "executive")
    assert not {"canary", "Falcon"} & {h.term for h in kept.jargon}
    assert kept.rewrite.count("canary") == INCIDENT.count("canary") and "Falcon" in kept.rewrite
    checked = coach.check(INCIDENT, "Falcon's canary caught the bug in 12 minutes.", audience="executive")
    assert not {"canary", "Falcon"} & {h.term for h in checked.jargon_left}


def test_with_a_model_the_profile_goes_before_every_request(tmp_path: Path, llm_server: LLMServer) -> None:
    coach = Coach(settings(OPENAI_BASE_URL=llm_server.base_url, COACH_DB_URL=f"sqlite:///{tmp_path / 'c.db'}"))
    coach.save_profile(Profile(role="ML lead", company="Acme", protected=("canary",)))
    llm_server.enqueue(
        {"rewrite": "The trial caught it.", "changes": [], "why_it_matters": "Safer releases."},
        {"items": [{"task": "shipped the canary", "outcome": "Shipped the canary.", "activity_only": False}]},
    )

    coach.translate("The canary caught the bug.", "executive")
    with contextlib.suppress(Exception):  # only the request matters here, whatever the outcomes schema wants
        coach.outcomes("shipped the canary")

    assert len(llm_server.requests) >= 2  # translate, then outcomes (another feature, another prompt)
    for request in llm_server.requests:
        turns = [(m["role"], m["content"]) for m in request["messages"]]
        about = [i for i, (role, text) in enumerate(turns) if role == "user" and "About me, the writer" in text]
        assert about, "the profile is in every request"
        assert "I am ML lead at Acme." in turns[about[0]][1] and "canary" in turns[about[0]][1]
        assert turns[about[0] + 1] == ("assistant", WRITER_ACK)
    coach.store.close()


def test_an_empty_profile_changes_nothing_in_the_prompt(tmp_path: Path, llm_server: LLMServer) -> None:
    coach = Coach(settings(OPENAI_BASE_URL=llm_server.base_url, COACH_DB_URL=f"sqlite:///{tmp_path / 'c.db'}"))
    llm_server.enqueue({"rewrite": "The trial caught it.", "changes": [], "why_it_matters": "Safer releases."})

    coach.translate("The canary caught the bug.", "executive")

    assert not any("About me" in str(m["content"]) for m in llm_server.requests[0]["messages"])


def test_opening_the_profile_tab_fills_only_the_fields_the_user_has_not_typed_into(coach: Coach) -> None:
    # The answer to "tab opened" may arrive after the user has started typing on a busy server: it must not wipe
    # what they typed, and it must still fill the empty fields.
    profile_tab.save(coach, "ML lead", "Acme", "Falcon", "our CFO", "canary")
    filled = profile_tab.fill(coach, "Staff engineer", "", "", "", "")
    assert filled[1:] == ["Acme", "Falcon", "our CFO", "canary"]
    assert filled[0] == gr.skip()


def test_opening_the_tab_with_nothing_saved_sends_nothing_back(coach: Coach) -> None:
    # The snapshot is taken when the tab opens, before the user types: an empty answer arriving after they typed
    # their role would wipe it (the browser test saw it about once in five runs).
    profile_tab.save(coach, "", "Acme", "", "", "")
    filled = profile_tab.fill(coach, "", "", "", "", "")
    assert filled == [gr.skip(), "Acme", gr.skip(), gr.skip(), gr.skip()]
