"""A word's upright bars read as one character (text_recognizer/bar_glyphs.py): the rules on
hand-made CTC outputs."""

from __future__ import annotations

from text_recognizer.bar_glyphs import consistent_forms, make_consistent
from text_recognizer.ctc import greedy_decode
from text_recognizer.data.charset import DEFAULT_CHARSET
from tests.test_lexicon import frames, spelled


def _read(lp) -> str:
    return greedy_decode(lp[:, None])[0][0]


def test_mixed_bars_are_read_as_their_likeliest_consistent_form():
    # "War I1": the last bar is a near tie between "1" and "I", the first an "I".
    lp = frames(spelled("I1", {0: {"I": 0.7, "1": 0.25}, 1: {"1": 0.52, "I": 0.45}}))
    assert _read(lp) == "I1"
    assert make_consistent("I1", lp, DEFAULT_CHARSET) == "II"
    # The other way round: more of the bars look like digits.
    lp = frames(spelled("I11.", {0: {"I": 0.5, "1": 0.45}, 1: {"1": 0.9, "I": 0.08}, 2: {"1": 0.9, "I": 0.08}}))
    assert make_consistent("I11.", lp, DEFAULT_CHARSET) == "111."
    # A Roman numeral's capitals with a small l among them.
    lp = frames(spelled("(VIIl)", {4: {"l": 0.6, "I": 0.35}}))
    assert make_consistent("(VIIl)", lp, DEFAULT_CHARSET) == "(VIII)"
    # Only the run that mixes them changes.
    lp = frames(spelled("I1-2", {1: {"1": 0.5, "I": 0.45}}))
    assert make_consistent("I1-2", lp, DEFAULT_CHARSET) == "II-2"


def test_a_sure_reading_and_consistent_words_are_left_alone():
    # The model is sure of each bar (a serif face's "1" with its flag): a cell name "I11" stays.
    lp = frames(spelled("I11"))
    assert make_consistent("I11", lp, DEFAULT_CHARSET) == "I11"
    # One bar throughout, other letters or digits among the bars: nothing to do.
    for run in ("111", "II", "ll", "Bill", "XIV", "1l0", "A1", "l1ght", "7"):
        assert consistent_forms(run) == [], run
    # "Ill" is a word and a form of its own: read so surely, it stays; as doubtful as "III", the likelier wins.
    assert make_consistent("Ill", frames(spelled("Ill")), DEFAULT_CHARSET) == "Ill"
    lp = frames(spelled("Ill", {1: {"l": 0.5, "I": 0.45}, 2: {"l": 0.4, "I": 0.58}}))
    assert _read(lp) == "IlI" and make_consistent("IlI", lp, DEFAULT_CHARSET) == "III"
    lp = frames(spelled("Ill", {1: {"l": 0.6, "I": 0.38}, 2: {"l": 0.6, "I": 0.38}}))
    assert make_consistent("Ill", lp, DEFAULT_CHARSET) == "Ill"
    assert consistent_forms("Il") == ["II", "11", "ll"]
    assert consistent_forms("Il1") == ["III", "111", "lll", "Ill"]
    assert consistent_forms("XXlll") == ["XXIII"]
    assert consistent_forms("XI1") == ["XII"]
