"""Who may do what (SPEC §1), and that nothing of one channel or workspace reaches another."""

from __future__ import annotations

import pytest

from .edge import set_up_channel

# Lines only chairs (rapporteur, associate, secretariat) may run.
CHAIR_ONLY = [
    '/meeting new "Another" start="2024-09-01 10:00"',
    "/meeting use 1",
    "/meeting open",
    "/meeting close",
    '/meeting remind 1 "1d"',
    '/meeting move 1 start="2024-08-02 14:30"',
    "/meeting cancel 1",
    '/agenda add 9 "New item"',
    "/agenda take 2.1",
    "/agenda approve",
    "/agenda doc TD514",
    '/agenda rename 1 "Opening"',
    "/decision TD599 noted",
    '/action 4.2 owner=TSB "do it"',
    '/clerk tor add "A term."',
    "/clerk tor clear",
    "/clerk setup tz=UTC",
]
# Lines any participant may run.
PARTICIPANT = [
    '/doc add TD900 title="A delegate\'s document"',
    '/note 2.1 "A note."',
    '/comment C103 "A comment."',
    "/doc present C103",
    "/doc list",
    "/doc C103",
    "/agenda",
    "/meeting list",
    "/meeting info",
    "/meeting attend",
    "/meeting ics",
    "/clerk tor list",
    "/clerk role list",
    "/clerk export csv",
    "/clerk help",
]


@pytest.mark.parametrize("line", CHAIR_ONLY)
def test_participants_may_not_run_chair_commands(meeting, line):
    reply = meeting.refused(line, user="U0DELEGATE")
    assert reply.text.startswith("Only the rapporteur, associate rapporteurs or secretariat")
    assert "<@U0CHAIR>" in reply.text or "u0chair" in reply.text  # says who may


@pytest.mark.parametrize("user", ["U0CHAIR", "U0ASSOC2", "U0TSB"])
@pytest.mark.parametrize("line", CHAIR_ONLY)
def test_chairs_may_run_chair_commands(meeting, user, line):
    meeting.ok(line, user=user)


@pytest.mark.parametrize("line", PARTICIPANT)
def test_participants_may_add_and_look(meeting, line):
    meeting.ok(line, user="U0DELEGATE")


def test_a_chat_scribe_is_named_in_the_minutes_but_may_do_no_more_than_a_participant(meeting):
    reply = meeting.ok('/clerk role chat-scribe <@U0RELAY> name="Rae Relay"')
    assert "is now Chat scribe of" in reply.text
    assert "Chat scribe: Rae Relay" in meeting.ok("/clerk role list").text
    refused = meeting.refused('/agenda add 9 "Any other business"', user="U0RELAY")
    assert refused.text.startswith("Only the rapporteur, associate rapporteurs or secretariat")
    assert "Rae Relay" not in refused.text  # not among those who may
    meeting.ok('/note 3 "Relayed a question from the chat."', user="U0RELAY")


@pytest.mark.parametrize("user", ["U0ASSOC2", "U0TSB", "U0DELEGATE"])
def test_only_the_rapporteur_changes_roles(meeting, user):
    reply = meeting.refused("/clerk role associate <@U0DELEGATE> name=Me", user=user)
    assert reply.text.startswith("Only the rapporteur (")


def test_workspace_admins_count_as_rapporteur(meeting):
    meeting.admins.add("U0ADMIN")
    meeting.ok("/clerk role associate <@U0NEW> name=New", user="U0ADMIN")
    meeting.ok("/decision TD599 noted", user="U0ADMIN")


def test_participants_edit_and_delete_only_their_own_entries(meeting):
    meeting.ok('/comment C103 "Mine."', user="U0DELEGATE")  # #1
    meeting.ok('/comment C103 "Theirs."', user="U0OTHER")  # #2
    meeting.ok('/comment edit 1 "Mine, better."', user="U0DELEGATE")
    assert "Only the rapporteur" in meeting.refused('/comment edit 2 "x"', user="U0DELEGATE").text
    assert "Only the rapporteur" in meeting.refused("/comment delete 2", user="U0DELEGATE").text
    meeting.ok("/comment delete 2", user="U0TSB")  # chairs tidy up anyone's


def test_participants_change_only_documents_they_listed(meeting):
    meeting.ok('/doc add TD901 title="Mine"', user="U0DELEGATE")
    meeting.ok('/doc set TD901 title="Mine, retitled"', user="U0DELEGATE")
    assert (
        "Only the rapporteur" in meeting.refused('/doc set TD599 title="x"', user="U0DELEGATE").text
    )
    assert "Only the rapporteur" in meeting.refused("/doc remove C103", user="U0DELEGATE").text


def test_undo_only_touches_the_callers_own_entries(meeting):
    meeting.ok('/note 2.1 "chair note"')
    assert "nothing to undo" in meeting.refused("/clerk undo", user="U0DELEGATE").text


def test_the_first_person_to_set_up_is_rapporteur_and_a_second_chair_removes_nobody(clerk):
    clerk.ok('/clerk setup name="G"', user="U0FIRST")
    reply = clerk.ok('/clerk role chair <@U0CHAIR> name="Chair"', user="U0FIRST")
    assert "no longer" not in reply.text
    assert "Only the rapporteur" in clerk.refused('/clerk tor add "x"', user="U0DELEGATE").text
    clerk.ok("/clerk role associate <@U0X> name=X", user="U0FIRST")  # still a rapporteur
    clerk.ok("/clerk role associate <@U0Y> name=Y", user="U0CHAIR")


@pytest.mark.parametrize(
    "where", [{"channel": "C2"}, {"team": "T2"}, {"team": "T2", "channel": "C1"}]
)
def test_nothing_crosses_channels_or_workspaces(meeting, where):
    meeting.ok('/note 2.1 "Confidential to C1."')
    assert "not set up for Clerk yet" in meeting.refused("/doc list", **where).text
    meeting.ok('/clerk setup name="Other group"', user="U0OTHER", **where)
    meeting.ok('/meeting new "Other meeting" start="2024-08-01 10:00"', user="U0OTHER", **where)
    assert "No documents" in meeting.ok("/doc list", user="U0OTHER", **where).text
    assert "is not listed" in meeting.refused("/doc C103", user="U0OTHER", **where).text
    assert "no entry #1" in meeting.refused("/note delete 1", user="U0OTHER", **where).text
    # The chair of C1 holds no role in the other group.
    assert "Only the" in meeting.refused('/clerk tor add "x"', **where).text
    export = meeting.ok("/clerk export json", user="U0OTHER", **where).later(meeting.store)
    exported = export.files[0].content
    assert b"Confidential" not in exported and b"C103" not in exported


# Several chairs; never none -------------------------------------------------------------------


def test_adding_a_chair_removes_nobody_and_the_last_cannot_go(group):
    group.ok('/clerk role chair <@U0OTHER> name="Ms Other"')
    roles = {(r.role, r.user_id) for r in group.store.groups.roles(1)}
    assert {("rapporteur", "U0CHAIR"), ("rapporteur", "U0OTHER")} <= roles
    group.ok("/clerk role remove <@U0OTHER>")
    reply = group.refused("/clerk role remove <@U0CHAIR>")
    assert "without a rapporteur" in reply.text


# An import follows /doc set's rules; role holders' names are escaped --------------------------


def test_an_import_follows_the_rules_of_doc_set_line_by_line(meeting):
    meeting.ok("/doc add TD800 title=Mine", user="U0DELEGATE")
    reply = meeting.refused("/doc import\nTD800\tLS\tx\ty\nTD599\tLS\tx\ty", user="U0DELEGATE")
    assert "Line 2 would change TD599" in reply.text
    meeting.ok("/doc import\nTD800\tLS\tx\ty\nTD801\tLS\tx\tz", user="U0DELEGATE")
    meeting.ok("/doc import\nTD800\tLS\tSG13\tTitle", user="U0TSB")  # a chair may


def test_role_holder_names_are_escaped_in_refusals(group):
    group.ok('/clerk role associate <@U0EVIL> name="Assoc <https://evil.example|login here>"')
    reply = group.refused('/clerk role associate name="X"', user="U0DELEGATE")
    assert "<https://evil.example" not in reply.text
    reply = group.refused('/meeting new "M"', user="U0DELEGATE")
    assert "<https://evil.example" not in reply.text and "&lt;https://evil" in reply.text


# Only the installing organisation's admins are admins (Slack Connect, Grid) -------------------

# Who the fake Web API says they are: the other organisation's admin, ours, a Grid org admin.
FAKE_SLACK = {
    "users": {
        # An admin of the other organisation of a Slack Connect channel.
        "U0THEIRADMIN": {"display_name": "Them", "is_admin": True, "team_id": "T9"},
        "U0OURADMIN": {"display_name": "Us", "is_owner": True},
        # Grid: an org admin whose home workspace is another one of the same org.
        "U0ORGADMIN": {
            "display_name": "Org",
            "is_admin": True,
            "team_id": "T7",
            "enterprise_id": "E1",
        },
    }
}


def test_an_admin_of_the_other_connect_organisation_is_not_an_admin_here(served):
    set_up_channel(served, "C30")
    refused = served.command(
        "/clerk", "role rapporteur <@U0THEIRADMIN>", user="U0THEIRADMIN", channel="C30"
    )
    assert "Only the rapporteur" in refused.json()["text"]
    refused = served.command("/clerk", 'tor add "A term."', user="U0THEIRADMIN", channel="C30")
    assert "Only the rapporteur" in refused.json()["text"]
    allowed = served.command("/clerk", 'tor add "A term."', user="U0OURADMIN", channel="C30")
    assert "Term of reference 1 added" in allowed.json()["text"]


def test_a_grid_admin_from_another_workspace_is_not_admin_of_a_workspace_install(served):
    # Not an org-wide install: T1 alone; an E1 admin of another workspace is not T1's admin.
    set_up_channel(served, "C31")
    refused = served.command("/clerk", 'tor add "A term."', user="U0ORGADMIN", channel="C31")
    assert "Only the rapporteur" in refused.json()["text"]


def test_a_grid_org_admin_is_admin_of_an_org_wide_install():
    from bot.profiles import Profile

    org_admin = Profile("Org", "Org", admin=True, team_id="T7", enterprise_id="E1")
    assert org_admin.admin_of("E1") and org_admin.admin_of("T1", "E1")
    assert not org_admin.admin_of("T1") and not org_admin.admin_of("T2", "E2")
    assert not Profile("Them", "Them", admin=True, team_id="T9").admin_of("T1")
