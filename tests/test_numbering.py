"""Document numbers as each body writes them, typed or pasted, in one canonical form."""

from __future__ import annotations

import pytest

from commands.framework.errors import UsageError
from commands.framework.grammar import parse_doc_number

# (as typed, canonical number, its base document, revision or version)
FORMS = [
    ("TD667R1", "TD667R1", "TD667", "1"),
    ("TD 667 Rev.1", "TD667R1", "TD667", "1"),
    ("C103", "C103", "C103", ""),
    ("T22-TSAG-240729-TD-GEN-0515", "TD515", "TD515", ""),
    ("TSAG-TD515", "TD515", "TD515", ""),
    ("SG17-C-0123", "C123", "C123", ""),
    ("S2-1903931", "S2-1903931", "S2-1903931", ""),
    ("S2-1903931r01", "S2-1903931r01", "S2-1903931", "01"),
    ("s2-1903931R01", "S2-1903931r01", "S2-1903931", "01"),
    ("R1-2401234", "R1-2401234", "R1-2401234", ""),
    ("C1-123456", "C1-123456", "C1-123456", ""),
    ("SP-190123", "SP-190123", "SP-190123", ""),
    (
        "draft-ietf-httpbis-resumable-upload",
        "draft-ietf-httpbis-resumable-upload",
        "draft-ietf-httpbis-resumable-upload",
        "",
    ),
    (
        "draft-ietf-httpbis-resumable-upload-05",
        "draft-ietf-httpbis-resumable-upload-05",
        "draft-ietf-httpbis-resumable-upload",
        "05",
    ),
    (
        "draft-ietf-uta-rfc6125bis-15",
        "draft-ietf-uta-rfc6125bis-15",
        "draft-ietf-uta-rfc6125bis",
        "15",
    ),
    ("draft-ietf-6man-grease-01", "draft-ietf-6man-grease-01", "draft-ietf-6man-grease", "01"),
    ("RFC 9110", "RFC9110", "RFC9110", ""),
    ("rfc9110", "RFC9110", "RFC9110", ""),
    (
        "slides-121-httpbis-chairs-00",
        "slides-121-httpbis-chairs-00",
        "slides-121-httpbis-chairs",
        "00",
    ),
    (
        "https://datatracker.ietf.org/doc/draft-ietf-httpbis-resumable-upload/",
        "draft-ietf-httpbis-resumable-upload",
        "draft-ietf-httpbis-resumable-upload",
        "",
    ),
    (
        "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-resumable-upload-05",
        "draft-ietf-httpbis-resumable-upload-05",
        "draft-ietf-httpbis-resumable-upload",
        "05",
    ),
]
NOT_DOCUMENTS = [
    "Geneva",
    "2.1",
    "CWG-SFP",
    "TD",
    "draft-",
    "slides-x",
    "https://example.org/doc/x",
]


@pytest.mark.parametrize("typed, number, base, revision", FORMS, ids=[f[0][:40] for f in FORMS])
def test_each_body_s_numbering_has_one_canonical_form(typed, number, base, revision):
    doc = parse_doc_number(typed)
    assert doc is not None and (doc.number, doc.base, doc.revision) == (number, base, revision)


@pytest.mark.parametrize("text", NOT_DOCUMENTS)
def test_words_that_are_no_document(text):
    assert parse_doc_number(text) is None


def test_a_revision_of_a_draft_version_is_refused_with_a_sentence():
    with pytest.raises(UsageError, match="versions"):
        parse_doc_number("draft-ietf-httpbis-resumable-upload-05r1")


@pytest.mark.parametrize("typed, number, base, revision", FORMS, ids=[f[0][:40] for f in FORMS])
def test_every_form_lists_a_document_through_the_router(group, typed, number, base, revision):
    meeting = group
    meeting.ok('/meeting new "M" start="2024-08-01 14:30"')
    meeting.ok('/agenda add 3.2 "Item"')
    reply = meeting.ok(f"/doc add {typed} item=3.2 title=Listed")
    assert number in reply.text
    doc = meeting.store.documents.get(1, number)
    assert doc is not None and (doc.base, doc.revision) == (base, revision)
    assert number in meeting.ok(f"/doc {typed}").text  # found again by any spelling


def test_a_version_is_linked_to_its_draft(meeting):
    meeting.ok("/doc add draft-ietf-httpbis-resumable-upload item=3.2")
    meeting.ok("/doc add draft-ietf-httpbis-resumable-upload-05 item=3.2")
    shown = meeting.ok("/doc draft-ietf-httpbis-resumable-upload").text
    assert "draft-ietf-httpbis-resumable-upload-05" in shown


def test_a_nonsense_form_is_one_sentence_with_the_usage(meeting):
    reply = meeting.refused("/doc add draft-ietf-httpbis-resumable-upload-05r1 item=3.2")
    assert "versions" in reply.text and reply.usage


# Through the HTTP edge, as Slack sends a wrapped link --------------------------------------

SETUP = [
    ("/clerk", 'setup name="HTTPBIS" profile=ietf', {}),
    ("/meeting", 'new "IETF 121" start="2024-11-05 09:30"', {}),
    ("/agenda", 'add 1 "Drafts"', {}),
]


@pytest.mark.parametrize(
    "text, number",
    [
        (
            "add <https://datatracker.ietf.org/doc/draft-ietf-httpbis-resumable-upload/> item=1",
            "draft-ietf-httpbis-resumable-upload",
        ),
        ("add RFC 9110 item=1", "RFC9110"),
        ("add slides-121-httpbis-chairs-00 item=1", "slides-121-httpbis-chairs-00"),
        ("add S2-1903931r01 item=1", "S2-1903931r01"),
        ("add T22-TSAG-240729-TD-GEN-0515 item=1", "TD515"),
    ],
)
def test_numbers_over_the_http_edge(served, text, number):
    body = served.command("/doc", text).json()
    assert body["response_type"] == "in_channel" and number in body["text"], body["text"]


def test_a_nonsense_number_over_the_http_edge(served):
    body = served.command("/doc", "add draft-ietf-httpbis-resumable-upload-05r1 item=1").json()
    assert body["response_type"] == "ephemeral" and "versions" in body["text"]


# Revision chains, both ways ------------------------------------------------------------------


def test_doc_shows_revision_chains_both_ways(meeting):
    meeting.ok('/doc add TD667 item=2.2 title="Proposed actions"')
    assert "Revision of TD667" in meeting.ok("/doc TD667R1").text
    assert "Revised to TD667R1" in meeting.ok("/doc TD667").text


def test_a_3gpp_revision_is_linked_by_revision_of_or_by_the_decision(meeting):
    meeting.ok("/doc add S2-2404367 item=2.2")
    meeting.ok("/doc add S2-2405205 item=2.2 revision-of=S2-2404367")
    assert "Revision of S2-2404367" in meeting.ok("/doc S2-2405205").text
    assert "Revised to S2-2405205" in meeting.ok("/doc S2-2404367").text
    meeting.ok("/doc add S2-2405300 item=2.2")
    meeting.ok("/decision S2-2405205 revised to=S2-2405300")
    assert "Revised to S2-2405300" in meeting.ok("/doc S2-2405205").text
    assert "Revision of S2-2405205" in meeting.ok("/doc S2-2405300").text


def test_revision_of_must_be_a_document_number(meeting):
    reply = meeting.refused('/doc add S2-2405205 revision-of="the old one"')
    assert "is not a document number" in reply.text and "/doc add" in reply.full
    assert (
        meeting.store.documents.get(
            meeting.store.meetings.current(meeting.store.groups.get("T1", "C1")).id, "S2-2405205"
        )
        is None
    )


def test_every_profile_says_how_listed_documents_revise_each_other(meeting):
    from commands.report import build_report
    from commands.report.render import render_markdown

    meeting.ok('/doc add TD667 item=2.2 title="Proposed actions"')
    store = meeting.store
    group = store.groups.get("T1", "C1")
    text = render_markdown(build_report(store, group, store.meetings.current(group)))
    assert "Revision of TD667." in text and "Revised to TD667R1." in text
    assert "Revision of TD624" not in text  # TD624 itself is not listed: nothing to say
    meeting.ok("/clerk setup profile=ietf")
    group = store.groups.get("T1", "C1")
    text = render_markdown(build_report(store, group, store.meetings.current(group)))
    assert "Revision of TD667." in text
    meeting.ok("/clerk setup profile=3gpp")
    group = store.groups.get("T1", "C1")
    text = render_markdown(build_report(store, group, store.meetings.current(group)))
    assert "Revision of TD TD667." in text and "Revised to TD TD667R1." in text
