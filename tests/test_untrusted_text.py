"""Text typed by delegates is never live in what Clerk produces: links in the HTML page go
only to the web or to mail, and Slack's mention markup reads as names."""

from __future__ import annotations

from commands.report import build_report
from commands.report.render import render_html


def ietf_page(clerk, note: str) -> str:
    clerk.ok('/clerk setup name="WG" profile=ietf')
    clerk.ok('/meeting new "IETF 121" start="2024-11-05 09:30"')
    clerk.ok('/agenda add 1 "Drafts"')
    clerk.ok(f"/note 1 {note}")
    group = clerk.store.groups.get("T1", "C1")
    return render_html(build_report(clerk.store, group, clerk.store.meetings.current(group)))


def test_a_reference_style_javascript_link_is_not_a_link(clerk):
    page = ietf_page(
        clerk,
        '"See [the proof][d] and [this](https://example.org/x).\n\n'
        '[d]: javascript:alert(document.domain)"',
    )
    assert "javascript:" not in page
    assert "the proof" in page and 'href="https://example.org/x"' in page


def test_remote_images_are_not_shown_in_the_page(clerk):
    page = ietf_page(clerk, '"Tracked: ![pixel](https://evil.example/p.png) end"')
    assert "<img" not in page and "evil.example" not in page
    assert "pixel" in page


def test_mail_links_stay_links(clerk):
    page = ietf_page(clerk, '"Write to [the chairs](mailto:chairs@example.org)."')
    assert 'href="mailto:chairs@example.org"' in page


def test_mentions_in_free_text_read_as_names_in_the_record_and_the_draft(meeting):
    from commands.report.render import render_markdown

    meeting.names["U0ANA"] = "Ana María Ruiz"
    meeting.ok(
        "/note 3.2 <@U0ANA|ana> asked <!subteam^S0CHAIRS|@wg-chairs> "
        "and <!channel> to reply by <!date^1722515500^{date}|1 August>.",
        escaped=True,
    )
    meeting.ok(
        '/comment C103 "As <@U0ANA> said, <!here> agrees." by="A Member State"', escaped=True
    )
    texts = [e.text for e in meeting.store.entries.of_meeting(1)][-2:]
    assert texts == [
        "@Ana María Ruiz asked @wg-chairs and @channel to reply by 1 August.",
        "As @Ana María Ruiz said, @here agrees.",
    ]
    group = meeting.store.groups.get("T1", "C1")
    draft = render_markdown(
        build_report(meeting.store, group, meeting.store.meetings.current(group))
    )
    assert "<@" not in draft and "<!" not in draft and "@Ana María Ruiz" in draft
    # What a delegate typed as text (Slack sends it escaped) stays exactly that text.
    meeting.ok("/note 3.2 Type &lt;!here&gt; to alert everyone.", escaped=True)
    assert meeting.store.entries.of_meeting(1)[-1].text == "Type <!here> to alert everyone."
