"""Official document lists imported as published: 3GPP's TDoc export, CSV/TSV, limits, re-import."""

from __future__ import annotations

import io

import openpyxl
import pytest

from commands import Caller, Context
from commands.services.doclist import MAX_ROWS, import_file
from storage import Store

from .harness import shown
from .test_cli import clerk as run_cli

# The columns of the 3GPP portal's "TDoc list" export, in its order (a subset of them).
TDOC_COLUMNS = [
    "TDoc",
    "Title",
    "Source",
    "Contact",
    "Type",
    "For",
    "Abstract",
    "Secretary Remarks",
    "Agenda item sort order",
    "Agenda item",
    "Agenda item description",
    "TDoc Status",
    "Is revision of",
    "Revised to",
]


def tdoc_row(number, title, source, kind, for_, item, item_title, status="", rev_of="", rev_to=""):
    return [
        number,
        title,
        source,
        "Jane",
        kind,
        for_,
        "",
        "",
        1,
        item,
        item_title,
        status,
        rev_of,
        rev_to,
    ]


SA2_ROWS = [
    tdoc_row(
        "S2-2404367",
        "SA WG2#162 Session plan",
        "SA WG2 Chair",
        "other",
        "Endorsement",
        "2",
        "Agenda",
        "revised",
        "",
        "S2-2405205",
    ),
    tdoc_row(
        "S2-2405205",
        "SA WG2#162 Session plan",
        "SA WG2 Chair",
        "other",
        "Endorsement",
        "2",
        "Agenda",
        "endorsed",
        "S2-2404367",
    ),
    tdoc_row(
        "S2-2404000",
        "Draft agenda",
        "SA WG2 Chair",
        "agenda",
        "Approval",
        "2",
        "Agenda",
        "approved",
    ),
    tdoc_row(
        "S2-2404100",
        "Discussion on 5G ProSe",
        "Ericsson",
        "discussion",
        "Discussion",
        "8.1",
        "Proximity based services",
        "noted",
    ),
    tdoc_row("not-a-tdoc", "Broken line", "X", "other", "", "8.1", "Proximity based services"),
    tdoc_row(
        "S2-2404000", "Draft agenda again", "SA WG2 Chair", "agenda", "Approval", "2", "Agenda"
    ),
    tdoc_row("S2-2404200", "Reserved", "Nokia", "CR", "Agreement", "9.9", "", "reserved"),
]


def workbook(rows, *, sheet="TDoc_List", columns=TDOC_COLUMNS) -> bytes:
    """An .xlsx laid out like the 3GPP portal's export."""
    book = openpyxl.Workbook()
    book.active.title = "Info"  # the export's first sheet is not the list
    book.active.append(["Exported from the 3GPP portal"])
    ws = book.create_sheet(sheet)
    ws.append(columns)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def sa2(clerk):
    clerk.ok('/clerk setup name="3GPP TSG SA WG2" short=SA2 profile=3gpp')
    clerk.ok('/meeting new "SA WG2#162" place=Changsha start="2024-04-15 09:00"')
    clerk.ok('/agenda add 2 "Agenda"')
    return clerk


def run(clerk, name, content, *, user="U0CHAIR", status=False):
    ctx = Context("T1", "C1", Caller(user), clerk.clock())
    return shown(import_file(clerk.router.work, ctx, name, content, status=status))


def docs(clerk):
    group = clerk.store.groups.get("T1", "C1")
    return {
        d.number: d
        for d in clerk.store.documents.of_meeting(clerk.store.meetings.current(group).id)
    }


def test_a_3gpp_tdoc_export_is_imported_with_counts_and_refused_lines(sa2):
    reply = run(sa2, "TdocsByAgenda.xlsx", workbook(SA2_ROWS))
    assert reply.ok
    first = reply.text.splitlines()[0]
    assert first == (
        "Imported “TdocsByAgenda.xlsx” into meeting 1: 4 new, 0 updated, 0 unchanged, 3 refused."
    )
    assert "Agenda items added from the list: 8.1." in reply.text
    # Line numbers are the spreadsheet's rows (the header is row 1).
    assert "• line 6: “not-a-tdoc” is not a document number" in reply.text
    assert "• line 7: S2-2404000 appears again (first on line 4)" in reply.text
    assert "• line 8: item 9.9 is not on the agenda (add it with /agenda add 9.9 …)" in reply.text
    got = docs(sa2)
    assert set(got) == {"S2-2404367", "S2-2405205", "S2-2404000", "S2-2404100"}
    d = got["S2-2404100"]
    assert (d.title, d.source, d.category, d.action, d.item) == (
        "Discussion on 5G ProSe",
        "Ericsson",
        "discussion",
        "Discussion",
        "8.1",
    )
    assert got["S2-2405205"].revision_of == "S2-2404367"
    assert "Revision of S2-2404367" in sa2.ok("/doc S2-2405205").text
    assert "Revised to S2-2405205" in sa2.ok("/doc S2-2404367").text
    # The status is offered, not imposed: no decision without status=yes.
    assert "decision" not in {e.kind for e in sa2.store.entries.of_meeting(d.meeting_id)}


def test_re_importing_the_same_file_changes_nothing(sa2):
    content = workbook(SA2_ROWS)
    run(sa2, "tdocs.xlsx", content, status=True)
    before = sa2.store.db.execute("SELECT count(*) FROM entries").fetchone()[0]
    rows_before = [tuple(r) for r in sa2.store.db.execute("SELECT * FROM documents ORDER BY id")]
    reply = run(sa2, "tdocs.xlsx", content, status=True)
    assert "0 new, 0 updated, 4 unchanged, 3 refused" in reply.text
    assert sa2.store.db.execute("SELECT count(*) FROM entries").fetchone()[0] == before
    assert [
        tuple(r) for r in sa2.store.db.execute("SELECT * FROM documents ORDER BY id")
    ] == rows_before


def test_status_yes_records_decisions_but_never_touches_logged_entries(sa2):
    sa2.ok('/doc add S2-2404100 item=2 title="Typed by hand"')
    sa2.ok('/comment S2-2404100 "We support this." by=Nokia')
    sa2.ok("/decision S2-2404100 postponed")
    reply = run(sa2, "tdocs.xlsx", workbook(SA2_ROWS), status=True)
    assert "3 new, 1 updated" in reply.text
    assert "Decisions recorded from its status column: 3." in reply.text
    assert "Status not applied where a decision is already logged: S2-2404100." in reply.text
    meeting_id = docs(sa2)["S2-2404100"].meeting_id
    entries = sa2.store.entries.of_meeting(meeting_id)
    on_it = [(e.kind, e.keyword, e.text) for e in entries if e.target == "S2-2404100"]
    assert on_it == [("comment", None, "We support this."), ("decision", "postponed", "")]
    decided = {e.target: (e.keyword, e.ref) for e in entries if e.kind == "decision"}
    assert decided["S2-2404367"] == ("revised", "S2-2405205")
    assert decided["S2-2405205"] == ("endorsed", "")
    assert "S2-2404200" not in decided  # "reserved" is not an outcome (and the line was refused)


def test_an_empty_cell_never_erases_what_was_typed(sa2):
    sa2.ok('/doc add S2-2404100 item=2 title="Old title" summary="Typed by hand."')
    run(sa2, "tdocs.xlsx", workbook(SA2_ROWS))
    d = docs(sa2)["S2-2404100"]
    assert d.title == "Discussion on 5G ProSe" and d.summary == "Typed by hand."


def test_csv_and_tsv_with_the_usual_column_names(sa2):
    csv_text = (
        "Document;Subject;Company;Category;Item\n"
        "S2-2404500;Study on X;Huawei, HiSilicon;discussion;2\n"
        "S2-2404501;Study on Y;Qualcomm;CR;2\n"
    )
    reply = run(sa2, "list.csv", csv_text.encode("cp1252"))
    assert "2 new" in reply.text, reply.text
    assert docs(sa2)["S2-2404500"].source == "Huawei, HiSilicon"
    tsv = "TD #\tTitle\tSource\tAI\nS2-2404502\tStudy on Z\tApple\t2\n"
    assert "1 new" in run(sa2, "list.tsv", tsv.encode()).text
    assert docs(sa2)["S2-2404502"].item == "2"


@pytest.mark.parametrize(
    "name, content, says",
    [
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "is not a workbook Clerk can read"),
        ("list.csv", b"Number,Source\nS2-1,X\n", "no header row with a document number column"),
        ("big.csv", b"x" * (10 * 1024 * 1024 + 1), "a list may be at most 10 MB"),
        ("empty.csv", b"TDoc,Title\n", "has a header row but no documents"),
    ],
)
def test_a_file_that_cannot_be_imported_gets_one_sentence_and_nothing_changes(
    sa2, name, content, says
):
    reply = run(sa2, name, content)
    assert not reply.ok and says in reply.text
    assert "Import document list" in reply.full  # the usage line
    assert docs(sa2) == {}


def damaged_sheet() -> bytes:
    """A real workbook whose sheet XML was cut short (a broken download, a crashed save)."""
    import zipfile

    good = zipfile.ZipFile(io.BytesIO(workbook(SA2_ROWS)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as broken:
        for name in good.namelist():
            data = good.read(name)
            if name.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]
            broken.writestr(name, data)
    return out.getvalue()


def test_a_workbook_with_a_damaged_sheet_gets_a_sentence_not_a_crash(sa2):
    reply = run(sa2, "TdocsByAgenda.xlsx", damaged_sheet())
    assert not reply.ok and "is not a workbook Clerk can read" in reply.text
    assert docs(sa2) == {}


def test_a_list_over_the_row_limit_is_refused_whole(sa2):
    body = "".join(f"S2-24{n:05d},Doc {n}\n" for n in range(MAX_ROWS + 1))
    reply = run(sa2, "huge.csv", ("TDoc,Title\n" + body).encode())
    assert not reply.ok and "more than 20,000 rows" in reply.text
    assert docs(sa2) == {}


def test_only_chairs_import_and_undo_takes_an_import_back(sa2):
    sa2.ok("/clerk role secretariat <@U0TSB> name=TSB")
    refused = run(sa2, "tdocs.xlsx", workbook(SA2_ROWS), user="U0DELEGATE")
    assert not refused.ok and "import the document list" in refused.text
    assert run(sa2, "tdocs.xlsx", workbook(SA2_ROWS), user="U0TSB").ok
    assert len(docs(sa2)) == 4
    sa2.ok("/clerk undo", user="U0TSB")
    assert docs(sa2) == {}
    assert "8.1" not in {i.number for i in sa2.store.agenda.of_meeting(1)}


def test_clerk_import_offline(tmp_path):
    db = tmp_path / "clerk.db"
    from bot.shell import Shell

    store = Store.open(db)
    shell = Shell(store, channel="sa2", user="U0CHAIR", out=io.StringIO())
    for line in (
        '/clerk setup name="3GPP TSG SA WG2" short=SA2 profile=3gpp',
        '/meeting new "SA WG2#162" start="2024-04-15 09:00"',
        '/agenda add 2 "Agenda"',
    ):
        assert shell.run_line(line).ok
    store.close()
    path = tmp_path / "TdocsByAgenda.xlsx"
    path.write_bytes(workbook(SA2_ROWS))
    done = run_cli("import", str(path), "--channel", "sa2", "--status", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "4 new, 0 updated, 0 unchanged, 3 refused" in done.stdout
    assert "Decisions recorded from its status column: 4." in done.stdout
    again = run_cli("import", str(path), "--channel", "sa2", "--db", str(db))
    assert "0 new, 0 updated, 4 unchanged, 3 refused" in again.stdout
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK junk")
    failed = run_cli("import", str(broken), "--channel", "sa2", "--db", str(db))
    assert failed.returncode == 1 and "is not a workbook" in failed.stderr
    assert "Traceback" not in failed.stderr


def big_csv(rows: int) -> bytes:
    lines = ["TDoc,Title,Agenda item"] + [f"S2-24{n:05d},Title {n},2" for n in range(rows)]
    return "\n".join(lines).encode()


def test_a_big_import_holds_the_write_lock_a_batch_at_a_time_and_undoes_whole(sa2, monkeypatch):
    """Issue 21: a 20,000-row list held the lock ~8 s while every command waited."""
    import commands.services.doclist as doclist

    monkeypatch.setattr(doclist, "IMPORT_BATCH", 500)
    held = []
    real = type(sa2.store).transaction

    def counted(store):
        held.append(1)
        return real(store)

    monkeypatch.setattr(type(sa2.store), "transaction", counted)
    assert run(sa2, "big.csv", big_csv(1_200)).ok
    monkeypatch.setattr(type(sa2.store), "transaction", real)
    assert len(held) >= 1 + 3 + 1  # begin, three batches, end: the lock freed between
    assert len(docs(sa2)) == 1_200
    sa2.ok("/clerk undo")
    assert docs(sa2) == {}


def test_an_import_cut_short_between_batches_is_taken_back_whole_by_undo(sa2, monkeypatch):
    import commands.services.doclist as doclist

    monkeypatch.setattr(doclist, "IMPORT_BATCH", 500)
    real = doclist._Importer.rows
    calls = []

    def dies_on_the_second(self, rows):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the process died here")
        return real(self, rows)

    monkeypatch.setattr(doclist._Importer, "rows", dies_on_the_second)
    with pytest.raises(RuntimeError):
        run(sa2, "big.csv", big_csv(1_200))
    monkeypatch.setattr(doclist._Importer, "rows", real)
    assert len(docs(sa2)) == 500  # the first batch committed
    undone = sa2.ok("/clerk undo")
    assert "interrupted" in undone.text
    assert docs(sa2) == {}
