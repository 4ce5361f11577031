"""Modals and the "Add to report" shortcut, end to end over HTTP with Slack's payload shapes."""

from __future__ import annotations

import json
import time

import pytest

from bot.forms import FORMS
from storage import Store

from .edge import (
    interaction_payload,
    live_entries,
    message,
    now_ts,
    set_up_channel,
    view_submission,
)

CHANNEL = "C20"


FAKE_SLACK = {
    "users": {
        "U0CHAIR": {"display_name": "Víctor"},
        "U0DELEGATE": {"display_name": "Ana", "real_name": "Ana Delegate"},
    }
}
SETUP = [
    (command, text, {"channel": CHANNEL})
    for command, text in [
        ("/clerk", 'setup name="TSAG RG-SOP" tz=Europe/Zurich'),
        ("/meeting", 'new "RG-SOP meeting" start="2024-08-01 14:30"'),
        ("/agenda", 'add 3.2 "Elements"'),
        ("/doc", "add C103 item=3.2 category=Contribution"),
        ("/agenda", "take 3.2"),
    ]
]


def submission(form: str, values: dict[str, str], user: str = "U0CHAIR") -> dict:
    return view_submission(form, values, user=user, channel=CHANNEL)


def store_of(served):
    store = Store.open(served.db)
    group = store.groups.get("T1", CHANNEL)
    return store, group, store.meetings.by_id(group.current_meeting_id)


def as_view(arg) -> dict:
    return json.loads(arg) if isinstance(arg, str) else arg


@pytest.mark.parametrize(
    "command, text, form",
    [
        ("/doc", "add", "doc_add"),
        ("/meeting", "new", "meeting_new"),
        ("/comment", "", "comment"),
    ],
)
def test_a_bare_command_opens_its_form(served, slack, command, text, form):
    resp = served.command(command, text, channel=CHANNEL)
    assert resp.status == 200 and resp.seconds < 3.0
    # The form opens after Slack has its answer.
    opened = slack.wait_for(
        lambda: [
            c
            for c in slack.calls_to("views.open")
            if json.loads(as_view(c.args["view"])["private_metadata"])["form"] == form
            and json.loads(as_view(c.args["view"])["private_metadata"])["channel"] == CHANNEL
        ]
    )
    assert opened[-1].args["trigger_id"]
    v = as_view(opened[-1].args["view"])
    assert v["type"] == "modal" and v["callback_id"] == "clerk_form"
    assert [b["block_id"] for b in v["blocks"]] == [f.name for f in FORMS[form].fields]


def test_the_doc_form_saves_a_document(served, slack):
    resp = served.interaction(
        submission(
            "doc_add",
            {
                "number": "TD 700 Rev.1",
                "item": "3.2",
                "source": "TSB",
                "title": 'The "new" plan',
                "action": "To note.",
            },
        )
    )
    assert resp.status == 200 and resp.body in (b"", b"{}")  # closes the modal
    store, _, meeting = store_of(served)
    doc = store.documents.get(meeting.id, "TD700R1")
    store.close()
    assert (doc.title, doc.source, doc.item, doc.action) == (
        'The "new" plan',
        "TSB",
        "3.2",
        "To note.",
    )
    [posted] = slack.wait_for(
        lambda: [
            c for c in slack.calls_to("chat.postMessage") if "TD700R1" in c.args.get("text", "")
        ]
    )
    assert posted.args["channel"] == CHANNEL and posted.args["text"].startswith("<@U0CHAIR>: ")


def test_a_refused_form_shows_the_error_on_its_field(served):
    resp = served.interaction(submission("doc_add", {"number": "not a number", "title": "x"}))
    body = resp.json()
    assert body["response_action"] == "errors"
    assert list(body["errors"]) == ["number"]
    assert "is not a document number" in body["errors"]["number"]
    resp = served.interaction(
        submission("meeting_new", {"title": "Interim", "kind": "interim", "start": "yesterday-ish"})
    )
    assert list(resp.json()["errors"]) == ["start"]


def test_the_meeting_form_creates_an_interim_meeting(served):
    resp = served.interaction(
        submission(
            "meeting_new",
            {
                "title": "RG-SOP interim e-meeting",
                "kind": "interim",
                "start": "2030-06-18 13:00",
                "end": "15:00",
                "link": "https://example.org/join",
                "remind": "1d",
            },
        )
    )
    assert resp.status == 200
    store, group, _ = store_of(served)
    meeting = store.meetings.latest(group.id)
    reminders = store.reminders.for_meeting(meeting.id)
    store.close()
    assert (meeting.title, meeting.kind, meeting.remind) == (
        "RG-SOP interim e-meeting",
        "interim",
        "1d",
    )
    assert [r.status for r in reminders] == ["pending"]
    served.command("/meeting", "use 1", channel=CHANNEL)


def test_the_comment_form_keeps_any_text_as_typed(served):
    text = 'He said "yes" — by="nobody" & <!channel> stays text.'
    served.interaction(
        submission("comment", {"target": "C103", "text": text, "by": "A Member State"})
    )
    store, _, meeting = store_of(served)
    comments = [
        (e.attributed, e.text) for e in store.entries.of_meeting(meeting.id) if e.kind == "comment"
    ]
    store.close()
    assert ("A Member State", text) in comments


def test_add_to_report_shortcut_turns_a_message_into_a_comment(served, slack):
    shortcut = interaction_payload(
        "message_action",
        action_ts="1722512700.1",
        channel={"id": CHANNEL, "name": "rg-sop"},
        callback_id="add_to_report",
        trigger_id="9.8.7",
        message_ts="1722512600.000100",
        message={
            "type": "message",
            "user": "U0DELEGATE",
            "ts": "1722512600.000100",
            "text": "Canada supports C103 &amp; its &lt;outputs&gt;.",
        },
        response_url="http://127.0.0.1:9/unused",
    )
    assert served.interaction(shortcut).status == 200
    [opened] = slack.wait_for(
        lambda: [c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == "9.8.7"]
    )
    v = as_view(opened.args["view"])
    text_block = next(b for b in v["blocks"] if b["block_id"] == "text")
    assert text_block["element"]["initial_value"] == "Canada supports C103 & its <outputs>."
    served.interaction(
        submission(
            "add_to_report",
            {
                "kind": "comment",
                "target": "C103",
                "text": "Canada supports C103 & its <outputs>.",
                "by": "Canada",
            },
        )
    )
    store, _, meeting = store_of(served)
    last = store.entries.of_meeting(meeting.id)[-1]
    store.close()
    assert (last.kind, last.target, last.attributed, last.text) == (
        "comment",
        "C103",
        "Canada",
        "Canada supports C103 & its <outputs>.",
    )


def test_a_participant_is_refused_inline_for_chair_only_forms(served):
    resp = served.interaction(
        submission("meeting_new", {"title": "Mine", "kind": "session"}, user="U0DELEGATE")
    )
    [message] = resp.json()["errors"].values()
    assert message.startswith("Only the rapporteur")


def test_use_as_word_template_takes_the_docx_a_message_carries(served, slack, tmp_path):
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "GROUP TEMPLATE"
    path = tmp_path / "group-template.docx"
    document.save(path)
    slack.downloads["group-template.docx"] = path.read_bytes()
    slack.downloads["broken.docx"] = b"not a word file"

    def shortcut(name: str, answer: str) -> dict:
        return interaction_payload(
            "message_action",
            callback_id="use_as_word_template",
            trigger_id="4.4.4",
            response_url=slack.response_url(answer),
            channel={"id": CHANNEL, "name": "rg-sop"},
            message={
                "type": "message",
                "user": "U0CHAIR",
                "ts": "1722512345.000100",
                "text": "Our template",
                "files": [
                    {
                        "id": "F0TPL",
                        "name": name,
                        "filetype": "docx",
                        "url_private_download": slack.download_url(name),
                    }
                ],
            },
        )

    assert served.interaction(shortcut("broken.docx", "tpl-bad")).status == 200
    [refused] = slack.wait_for(lambda: slack.responses_to("tpl-bad"))
    assert "is not a Word file (.docx)" in refused["text"]
    assert served.interaction(shortcut("group-template.docx", "tpl-ok")).status == 200
    [told] = slack.wait_for(
        lambda: [
            c
            for c in slack.calls_to("chat.postMessage")
            if "group-template.docx" in c.args.get("text", "")
        ]
    )
    assert told.args["channel"] == CHANNEL
    [download] = [c for c in slack.calls_to("download") if c.args["name"] == "group-template.docx"]
    assert download.token.startswith("xoxb-")  # fetched with the bot's token
    store = Store.open(served.db)
    assert store.groups.template_name(store.groups.get("T1", CHANNEL).id) == "group-template.docx"
    store.close()


def test_import_document_list_takes_the_list_a_message_carries(served, slack):
    slack.downloads["tdocs.csv"] = (
        b"TDoc,Title,Source,Agenda item,TDoc Status\n"
        b"C104,Proposal on KPIs,Canada,3.2,noted\n"
        b"nonsense,Broken,X,3.2,\n"
    )

    def shortcut(name: str, text: str, answer: str, user: str = "U0CHAIR") -> dict:
        return interaction_payload(
            "message_action",
            callback_id="import_document_list",
            trigger_id="5.5.5",
            user=user,
            response_url=slack.response_url(answer),
            channel={"id": CHANNEL, "name": "rg-sop"},
            message={
                "type": "message",
                "user": "U0CHAIR",
                "ts": "1722512345.000200",
                "text": text,
                "files": [
                    {
                        "id": "F0LIST",
                        "name": name,
                        "filetype": "csv",
                        "url_private_download": slack.download_url(name),
                    }
                ],
            },
        )

    assert served.interaction(shortcut("slides.pdf", "", "imp-none")).status == 200
    [none] = slack.wait_for(lambda: slack.responses_to("imp-none"))
    assert "carries no document list" in none["text"]
    assert (
        served.interaction(shortcut("tdocs.csv", "List of the day, status=yes", "imp")).status
        == 200
    )
    [told] = slack.wait_for(
        lambda: [
            c for c in slack.calls_to("chat.postMessage") if "tdocs.csv" in c.args.get("text", "")
        ]
    )
    assert "1 new, 0 updated, 0 unchanged, 1 refused" in told.args["text"]
    assert "line 3: “nonsense” is not a document number" in told.args["text"]
    [download] = [c for c in slack.calls_to("download") if c.args["name"] == "tdocs.csv"]
    assert download.token.startswith("xoxb-")
    store, group, meeting = store_of(served)
    assert store.documents.get(meeting.id, "C104").title == "Proposal on KPIs"
    decided = [e.keyword for e in store.entries.of_meeting(meeting.id) if e.target == "C104"]
    store.close()
    assert decided == ["noted"]


# An interaction delivered twice acts once; Add to report keeps the whole message --------------


def test_the_same_form_submission_twice_records_one_comment(served):
    set_up_channel(served, "C61")
    submitted = view_submission("comment", {"target": "C103", "text": "We agree."}, channel="C61")
    assert served.interaction(submitted).status == 200
    assert served.interaction(submitted).status == 200
    assert live_entries(served, "C61") == [("comment", "C103", "We agree.")]


def add_to_report(served, slack, channel: str, text: str, trigger: str) -> dict:
    """Run the shortcut on a delegate's message; the modal Slack was asked to open."""
    payload = interaction_payload(
        "message_action",
        callback_id="add_to_report",
        trigger_id=trigger,
        response_url=slack.response_url(trigger),
        channel={"id": channel, "name": "wg"},
        message={"type": "message", "user": "U0DELEGATE", "ts": now_ts(), "text": text},
    )
    assert served.interaction(payload).status == 200
    [opened] = slack.wait_for(
        lambda: [c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == trigger]
    )
    view = opened.args["view"]
    return json.loads(view) if isinstance(view, str) else view


def submitted_as_is(view: dict) -> dict:
    """The view_submission of a modal whose pre-filled values the user left as they were."""
    state = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        if element["type"] == "static_select":
            state[block["block_id"]] = {
                "v": {"type": "static_select", "selected_option": element["initial_option"]}
            }
        else:
            value = element.get("initial_value", "")
            state[block["block_id"]] = {"v": {"type": "plain_text_input", "value": value}}
    return interaction_payload(
        "view_submission",
        trigger_id=f"{time.time_ns()}.sub",
        view={**view, "id": "V9", "state": {"values": state}, "hash": "1.x"},
        response_urls=[],
    )


def attributed(served, channel: str) -> list[tuple]:
    store = Store.open(served.db)
    try:
        meeting = store.meetings.latest(store.groups.get("T1", channel).id)
        return [
            (e.kind, len(e.text), e.attributed, e.attributed_id)
            for e in store.entries.of_meeting(meeting.id)
        ]
    finally:
        store.close()


def test_a_long_message_is_added_whole_under_its_authors_name(served, slack):
    set_up_channel(served, "C90")
    sentence = "The delegate explained the position of the administration at length. "
    text = sentence * 64  # 4,480 characters: more than one input holds
    view = add_to_report(served, slack, "C90", text, f"{time.time_ns()}.90")
    parts = [b for b in view["blocks"] if str(b.get("block_id", "")).startswith("text")]
    assert len(parts) == 2 and all(len(p["element"]["initial_value"]) <= 3000 for p in parts)
    [by] = [b for b in view["blocks"] if b.get("block_id") == "by"]
    assert by["element"]["initial_value"] == "Ana Delegate"
    assert served.interaction(submitted_as_is(view)).status == 200
    assert attributed(served, "C90") == [
        ("comment", len(text.strip()), "Ana Delegate", "U0DELEGATE")
    ]


def test_a_message_longer_than_an_entry_is_recorded_in_consecutive_entries(served, slack):
    set_up_channel(served, "C91")
    text = "Word " * 4000  # 20,000 characters; one entry holds 12,000
    view = add_to_report(served, slack, "C91", text, f"{time.time_ns()}.91")
    assert served.interaction(submitted_as_is(view)).status == 200
    got = attributed(served, "C91")
    assert [k for k, *_ in got] == ["comment", "comment"]
    assert sum(n for _, n, *_ in got) >= len(text.strip()) - 2
    said = slack.wait_for(
        lambda: [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "C91"]
    )
    assert "recorded whole in 2 consecutive entries" in said[0].args["text"]
    # One change: one /clerk undo takes the whole message back, not only its last part.
    undone = served.command("/clerk", "undo", channel="C91")
    assert undone.status == 200
    assert attributed(served, "C91") == []


def test_mentions_in_a_captured_comment_and_an_added_message_are_names(served, slack):
    set_up_channel(served, "C95", open_=True)
    said = "#comment C103 <@U0DELEGATE> asked <!subteam^S0CH|@wg-chairs> and <!here> to review."
    served.event(message(said, now_ts(1), channel="C95", user="U0CHAIR"), event_id="Ev95")
    view = add_to_report(
        served, slack, "C95", "Thanks <@U0DELEGATE|ana>! <!channel>", f"{time.time_ns()}.95"
    )
    assert served.interaction(submitted_as_is(view)).status == 200
    assert [t for _, _, t in live_entries(served, "C95")] == [
        "@Ana Delegate asked @wg-chairs and @here to review.",
        "Thanks @Ana Delegate! @channel",
    ]
