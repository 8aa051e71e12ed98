"""The phrase index finds whole-word phrases, whatever the spacing, at any scale."""

from __future__ import annotations

from afterview.domain.phrase_index import PhraseIndex


def test_a_phrase_is_found_only_as_whole_words() -> None:
    index = PhraseIndex([("blue wind", 1), ("wind", 2)])
    assert index.find("we met at blue   wind\nlast week") == {1, 2}
    assert index.find("the bluewind team and windy days") == set()
    assert index.find("blue winds") == set()


def test_phrases_that_share_a_first_word_or_a_form_are_told_apart() -> None:
    index = PhraseIndex([("globex", 1), ("globex corp.", 2), ("globex", 3), ("at&t", 4)])
    assert index.find("i spoke to globex corp. and at&t.") == {1, 2, 3, 4}
    assert index.find("globex") == {1, 3}


def test_a_phrase_starting_with_a_symbol_is_found_at_a_word_start() -> None:
    index = PhraseIndex([(".net shop", 7)])
    assert index.find("a .net shop") == {7}
    assert index.find("a x.net shop") == set()


def test_an_index_of_ten_thousand_phrases_finds_the_one_a_note_names() -> None:
    index = PhraseIndex((f"company{i} labs", i) for i in range(10_000))
    assert index.find("Thanks! company9999 labs and company12 were mentioned") == {9999}
