"""The cue words come from one data file per language, English where a language has none."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterview import i18n
from afterview.domain import lint, star
from afterview.domain import words as cue_words


def test_english_is_the_default_and_the_fallback() -> None:
    assert cue_words.language("en") == "en"
    assert cue_words.language("en-XA") == "en"
    assert cue_words.language("fr_CA") == "en"  # no fr.toml yet
    assert "thank" in cue_words.cues("en")["lint"]["common_capitalised"].split()
    assert set(cue_words.cues("en")["star"]) == {"behavioural", *star.PARTS}


def test_a_language_with_its_own_file_is_chosen_by_the_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = (cue_words.HERE / "en.toml").read_text(encoding="utf-8")
    (tmp_path / "en.toml").write_text(english, encoding="utf-8")
    french = english.replace("thanks = '''", "thanks = '''(?:merci\\w*)\\b|")
    (tmp_path / "fr.toml").write_text(french, encoding="utf-8")
    monkeypatch.setattr(cue_words, "HERE", tmp_path)
    cue_words.language.cache_clear()
    try:
        assert cue_words.language("fr_CA") == "fr"
        i18n.activate("fr_CA")
        assert cue_words.active() == "fr"
        assert lint._lex().thanks.match("merci beaucoup")
        assert not lint._lexicon("en").thanks.match("merci beaucoup")
    finally:
        i18n.activate(None)
        cue_words.language.cache_clear()
        cue_words.cues.cache_clear()
        lint._lexicon.cache_clear()
