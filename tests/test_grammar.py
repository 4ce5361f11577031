"""The shared grammar (SPEC §2): quotes, options, document numbers, targets, times."""

from datetime import UTC, datetime, timedelta

import pytest

from commands.framework.errors import UsageError
from commands.framework.grammar import (
    canonical_zone,
    parse_agenda_number,
    parse_doc_number,
    parse_duration,
    parse_leads,
    parse_mention,
    parse_when,
    take_doc_number,
    take_target,
    tokenize,
    zone,
)


@pytest.mark.parametrize("text", ["TD667R1", "TD 667 Rev.1", "TD667-R1", "td667r1", "TD667 R1"])
def test_spellings_of_one_revision_are_the_same_document(text):
    args = tokenize(text)
    doc, used = take_doc_number(args)
    assert doc.number == "TD667R1" and doc.base == "TD667" and doc.revision == "1"
    assert used == len(args.positionals)


@pytest.mark.parametrize(
    "text, number, base",
    [
        ("C103", "C103", "C103"),
        ("TD514", "TD514", "TD514"),
        ("S2-1902937", "S2-1902937", "S2-1902937"),
        ("S2-220012r01", "S2-220012r01", "S2-220012"),
        ("draft-ietf-core-href-13", "draft-ietf-core-href-13", "draft-ietf-core-href"),
        ("C-103", "C103", "C103"),
    ],
)
def test_document_numbers_of_itu_3gpp_and_ietf(text, number, base):
    doc = parse_doc_number(text)
    assert (doc.number, doc.base) == (number, base)


@pytest.mark.parametrize("text", ["Geneva", "2.1", "CWG-SFP", "", "TD", "hello world"])
def test_words_that_are_not_document_numbers(text):
    assert parse_doc_number(text) is None


def test_a_document_number_does_not_swallow_the_text_after_it():
    args = tokenize('TD 667 "is the one"')
    doc, used = take_doc_number(args)
    assert doc.number == "TD667" and used == 2


def test_all_four_quote_styles_quote():
    args = tokenize("""a="x y" b=“p q” c='m n' d=‘r s’ "free text" """)
    assert args.options == {"a": "x y", "b": "p q", "c": "m n", "d": "r s"}
    assert [t.value for t in args.positionals] == ["free text"]


def test_apostrophes_inside_words_do_not_close_quotes():
    args = tokenize("title='RG-SOP’s future steps' “ITU’s Strategic Plans”")
    assert args.options["title"] == "RG-SOP’s future steps"
    assert [t.value for t in args.positionals] == ["ITU’s Strategic Plans"]


@pytest.mark.parametrize(
    "text, value",
    [
        ('"the “plan” text"', "the “plan” text"),  # curly inside straight
        ("“the “plan” text”", "the “plan” text"),  # Slack made both pairs curly
        ("“the “plan”, text”", "the “plan”, text"),
        ('“he said "go" now”', 'he said "go" now'),
        ("‘the ‘plan’ text’", "the ‘plan’ text"),
        ("”Swedish”", "Swedish"),
        ("„German“", "German"),
    ],
)
def test_quotes_inside_quotes_are_kept(text, value):
    assert [t.value for t in tokenize(text).positionals] == [value]


def test_keys_are_case_insensitive_and_dash_is_underscore():
    args = tokenize('Event-Dates="29 July – 2 August 2024" EVENT_x=1')
    assert args.options == {"event_dates": "29 July – 2 August 2024", "event_x": "1"}


def test_line_breaks_inside_quotes_are_kept():
    args = tokenize('note="line one\nline two"')
    assert args.options["note"] == "line one\nline two"


def test_unclosed_quote_is_a_usage_error():
    with pytest.raises(UsageError, match="never closed"):
        tokenize('title="no end')


def test_an_option_given_twice_is_kept_for_the_router_to_judge():
    # Refused by the router unless the subcommand takes it several times (attend name=).
    args = tokenize("a=1 A=2")
    assert args.options == {"a": "1"} and args.repeated == {"a": ["2"]}


def test_slack_escaped_text_is_decoded_but_typed_mentions_stay_text():
    args = tokenize("<@U0CHAIR|víctor> &lt;@U999&gt; &amp; &lt;!channel&gt;", escaped=True)
    values = [(t.value, t.mention) for t in args.positionals]
    assert values == [
        ("<@U0CHAIR|víctor>", True),
        ("<@U999>", False),
        ("&", False),
        ("<!channel>", False),
    ]


def test_mentions():
    assert parse_mention("<@U123>").user_id == "U123"
    ref = parse_mention("<@U123|bruce>")
    assert (ref.user_id, ref.name) == ("U123", "bruce")
    assert parse_mention("@bruce") is None


@pytest.mark.parametrize(
    "text, number", [("2", "2"), ("2.1", "2.1"), ("4.2.3", "4.2.3"), ("02.10", "2.10"), ("3.", "3")]
)
def test_agenda_numbers(text, number):
    assert parse_agenda_number(text) == number


def test_targets_are_agenda_numbers_or_documents():
    assert str(take_target(tokenize("2.1 x"))[0]) == "item 2.1"
    assert str(take_target(tokenize("TD 667 Rev.1 x"))[0]) == "TD667R1"
    assert take_target(tokenize('"2.1" x'))[0] is None


ZURICH_DEFAULT = datetime(2024, 1, 15, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, utc",
    [
        ("2024-08-01 14:30", datetime(2024, 8, 1, 12, 30, tzinfo=UTC)),  # CEST, UTC+2
        ("1 August 2024 14:30", datetime(2024, 8, 1, 12, 30, tzinfo=UTC)),
        ("18 June 13:00", datetime(2024, 6, 18, 11, 0, tzinfo=UTC)),  # year from the default
        ("2024-12-03 10:00", datetime(2024, 12, 3, 9, 0, tzinfo=UTC)),  # CET, UTC+1
        ("13/8/2024 14:30", datetime(2024, 8, 13, 12, 30, tzinfo=UTC)),  # day first
    ],
)
def test_dates_are_read_in_the_groups_zone(text, utc):
    assert parse_when(text, tz_name="Europe/Zurich", default=ZURICH_DEFAULT) == utc


def test_end_time_takes_the_start_date():
    start = parse_when("2024-08-01 14:30", tz_name="Europe/Zurich", default=ZURICH_DEFAULT)
    end = parse_when("15:45", tz_name="Europe/Zurich", default=start)
    assert end - start == timedelta(hours=1, minutes=15)


@pytest.mark.parametrize(
    "name", ["/etc/passwd", "../../../etc/passwd", "x" * 5000, "\x00", "EST5EDT,M3.2.0,M11.1.0"]
)
def test_only_iana_zone_names_are_zones(name):
    with pytest.raises(UsageError, match="not a time zone"):
        zone(name)


def test_zone_names_are_canonicalised():
    assert canonical_zone("europe/zurich") == "Europe/Zurich"
    assert canonical_zone(" UTC ") == "UTC"


def test_unreadable_dates_and_zones_are_usage_errors():
    with pytest.raises(UsageError, match="not a date"):
        parse_when("next blursday", tz_name="UTC", default=ZURICH_DEFAULT)
    with pytest.raises(UsageError, match="time zone"):
        parse_when("2024-08-01", tz_name="Mars/Olympus", default=ZURICH_DEFAULT)


@pytest.mark.parametrize(
    "text, delta",
    [
        ("90m", timedelta(minutes=90)),
        ("2h", timedelta(hours=2)),
        ("1h30m", timedelta(minutes=90)),
        ("2d", timedelta(days=2)),
        ("1w", timedelta(weeks=1)),
    ],
)
def test_durations(text, delta):
    assert parse_duration(text) == delta


@pytest.mark.parametrize("text", ["", "2", "2x", "h", "0m", "-1h"])
def test_bad_durations(text):
    with pytest.raises(UsageError):
        parse_duration(text)


def test_lead_time_lists():
    assert parse_leads("7d 1d 1h") == [timedelta(days=7), timedelta(days=1), timedelta(hours=1)]
    assert parse_leads("1h, 7d") == [timedelta(days=7), timedelta(hours=1)]
    assert parse_leads("none") == []


# Escaped quotes and times, through the router into what is stored -----------------------------


def test_an_escaped_quote_is_a_quote_in_every_output(meeting):
    meeting.ok(r'/comment C103 "He said \"yes\" to it." by="A Member State"')
    [entry] = meeting.store.entries.of_meeting(1)
    assert entry.text == 'He said "yes" to it.'
    assert "\\" not in meeting.ok("/doc C103").text
    draft = meeting.ok("/report md").later(meeting.store).files[0].content.decode()
    assert 'He said "yes" to it.' in draft


def test_a_time_typed_without_seconds_has_none(group):
    group.clock.now = datetime(2026, 11, 27, 7, 59, 27, 123456, tzinfo=UTC)
    group.ok('/meeting new "Interim" kind=interim start="2026-11-27 08:09" end="9:30"')
    meeting = group.store.meetings.latest(1)
    assert (meeting.start.second, meeting.start.microsecond) == (0, 0)
    assert meeting.end.second == 0
    group.ok('/meeting new "Day only" start="2026-12-03"')
    day = group.store.meetings.latest(1)
    local = day.start.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Zurich"))
    assert (local.hour, local.minute, local.second) == (0, 0, 0)
    assert "0809" + "00" in group.ok("/meeting ics 1").files[0].content.decode().replace("T", "")
