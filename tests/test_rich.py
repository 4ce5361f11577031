"""Answers as values: our marks read from our templates only, rendered per surface by bot/."""

from __future__ import annotations

import pytest

from bot.render import mrkdwn, plain
from commands import Code, Mention, Rich, Strong
from commands.framework.rich import quoted, says, shortened


def test_a_template_marks_our_words_and_fills_values_as_plain_text():
    said = says("Recorded *{doc}* — run `/report {n}` next.", doc="C103", n=2)
    assert said.parts == ("Recorded ", Strong(Rich("C103")), " — run ", Code("/report 2"), " next.")


def test_a_value_is_never_read_for_marks_or_markup():
    hostile = "*bold* `code` <!channel> <@U1> & _x_"
    said = says("Title: {t}", t=hostile)
    assert said.parts == ("Title: " + hostile,)
    assert mrkdwn(said) == "Title: *bold* `code` &lt;!channel&gt; &lt;@U1&gt; &amp; _x_"
    assert plain(said) == "Title: " + hostile  # a terminal shows it as typed


def test_mrkdwn_writes_marks_and_escapes_every_string_once():
    said = Rich("A & B ", Strong(Rich("<x>")), " ", Code("a<b"), " ", Mention("U1"))
    assert mrkdwn(said) == "A &amp; B *&lt;x&gt;* `a&lt;b` <@U1>"


def test_stored_answers_come_back_the_same_and_old_mrkdwn_rows_are_read():
    said = says("*{a}* `{b}` by {who}\nnext", a="x & y", b="/doc", who=Mention("U9"))
    assert Rich.loads(said.dumps()) == said
    old = Rich.loads("Undone *TD1 &amp; TD2* `/doc add` by <@U2>")
    assert mrkdwn(old) == "Undone *TD1 &amp; TD2* `/doc add` by <@U2>"


def test_lines_shortening_and_quotes():
    said = Rich("one ", Strong(Rich("two")), "\nthree")
    assert [mrkdwn(line) for line in said.lines()] == ["one *two*", "three"]
    assert shortened(Rich("abcdef"), 4).words() == "abc…"
    assert shortened(Rich("ab", Code("cdef")), 4).words() == "ab…"  # never inside a mark
    assert quoted("a long title", 7) == "“a long…”"


def test_rich_text_cannot_be_formatted_into_a_string_by_mistake():
    with pytest.raises(TypeError):
        f"{Rich('x')}"  # noqa: B018 — what the test is about
