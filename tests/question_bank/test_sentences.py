"""Tests for question_bank/sentences.py."""

from question_bank.sentences import Sentence, clauses, split_sentences


def test_sentences_keep_offsets_and_do_not_split_inside_quotes() -> None:
    text = "  开头。规定“应当做好交接。持续落实”。最后一句！\n没有句号"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["开头。", "规定“应当做好交接。持续落实”。", "最后一句！", "没有句号"]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_span_and_clauses_map_back_into_the_text() -> None:
    text = "前文。一是甲，二是乙；三是丙。后文"
    [middle] = split_sentences(text, start=3, end=15)[:1]
    assert middle.text == "一是甲，二是乙；"
    parts = clauses(Sentence(middle.text, middle.start, middle.end))
    assert [p.text for p in parts] == ["一是甲，", "二是乙；"]
    assert all(text[p.start:p.end] == p.text for p in parts)
