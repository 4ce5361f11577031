"""Text typed by delegates is never live in what Clerk produces: links in the HTML page go
only to the web or to mail, and Slack's mention markup reads as names (issue 20)."""

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
