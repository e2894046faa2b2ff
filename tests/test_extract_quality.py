"""A pinned quality floor: extraction scored on the annotated dev corpus with the shared scorer.

Raise the floor when extraction improves; a drop below it fails the suite.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from conftest import DEV_CORPUS, SHARED

from kb.articles import ArticleError, iter_articles
from kb.extract import extract
from kb.gazetteer import load_gazetteer

F1_FLOOR = 0.80
SCORER = SHARED / "eval" / "score.py"


def test_extraction_on_the_dev_corpus_stays_above_the_floor(tmp_path: Path) -> None:
    if not SCORER.exists() or not DEV_CORPUS.exists():
        pytest.skip("../shared/eval and ../shared/corpus/dev are not beside the project")
    spec = importlib.util.spec_from_file_location("score", SCORER)
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gazetteer = load_gazetteer()
    out = tmp_path / "events.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        for article in iter_articles(sorted(DEV_CORPUS.glob("*.txt"))):
            assert not isinstance(article, ArticleError), str(article)
            for event in extract(article, gazetteer):
                handle.write(json.dumps(event.record(article.source)) + "\n")
    result, _ = scorer.score(DEV_CORPUS, out)
    assert result["f1"] >= F1_FLOOR, result
