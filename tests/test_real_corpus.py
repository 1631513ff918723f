"""The held-out corpus of real texts (evals/real/) is well formed: every file fits the schema, with a source."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.real_corpus import CORPUS_DIR, HELD_OUT_SETS, HOLDOUT_DIR, check_file, load_corpus  # noqa: E402

HELD_OUT = [folder for folder, _ in HELD_OUT_SETS if folder.is_dir()]


def test_every_corpus_file_fits_the_schema() -> None:
    offenders: list[str] = []
    for folder in (CORPUS_DIR, *HELD_OUT):
        for path in sorted(folder.rglob("*.yaml")):
            if path.parent.parent != folder:
                offenders.append(f"{path}: must sit at evals/{folder.name}/<kind>/<id>.yaml")
                continue
            offenders += check_file(path)[1]
    assert offenders == []


def test_the_held_out_texts_are_apart_from_the_development_set_and_each_other() -> None:
    assert HOLDOUT_DIR in HELD_OUT
    seen = load_corpus()
    for folder in HELD_OUT:
        held_out = load_corpus(folder)
        assert len(held_out) >= 20, folder
        assert {t.id for t in held_out} & {t.id for t in seen} == set(), folder
        assert {t.source for t in held_out} & {t.source for t in seen} == set(), folder
        seen += held_out


def test_at_least_40_texts_each_with_a_source() -> None:
    texts = load_corpus()
    assert len(texts) >= 40
    assert [t.id for t in texts if not t.source.startswith(("http://", "https://"))] == []
    assert len({t.id for t in texts}) == len(texts)
