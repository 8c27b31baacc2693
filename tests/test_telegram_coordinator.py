"""Coordinators in Telegram: inbox, one application, status changes and komplettering."""

from __future__ import annotations

import io
import zipfile

import pytest

from bot.errors import Refused
from bot.telegram.status_command import parse_status_command
from tests.telegram_fakes import (
    COORDINATOR,
    COORDINATOR_CHAT,
    ApplicantScript,
    seed_application,
    texts,
)

ANNA = 1001
STRANGER = 4242


def first_delivery(app_id):
    return {
        "application_id": app_id,
        "channel": "telegram",
        "target": COORDINATOR_CHAT,
        "kind": "application",
    }


@pytest.fixture
def submitted(bot):
    return seed_application(
        bot.store,
        bot.runtime.settings,
        "gavleborg-short-cofinancing",
        user=f"telegram:{ANNA}",
        enqueue=False,
    )


@pytest.mark.parametrize(
    "command",
    [
        "/inkorg",
        "/ansokan abc",
        "/status abc mottagen",
        "/faq_lista",
        "/faq_ny",
        "/faq_andra kontakt",
        "/faq_ta_bort kontakt",
        "/obesvarade",
    ],
)
async def test_privileged_commands_are_politely_refused_to_everyone_else(bot, submitted, command):
    calls = await bot.send(STRANGER, command.replace("abc", submitted["id"]))
    [text] = texts(calls)
    assert text.startswith("Tyvärr, det kommandot är bara för")
    assert submitted["id"] not in text
    assert not [c for c in calls if c.method == "sendDocument"]
    assert bot.store.get_application(submitted["id"])["status"] == "inskickad"


async def test_inbox_lists_newest_first_with_status(bot):
    older = seed_application(
        bot.store,
        bot.runtime.settings,
        "gavleborg-ready",
        user="telegram:1",
        submitted_at="2026-02-01T10:00:00.000000+00:00",
        enqueue=False,
    )
    newer = seed_application(
        bot.store,
        bot.runtime.settings,
        "sundsvall-no-comparison",
        user="telegram:2",
        submitted_at="2026-02-20T10:00:00.000000+00:00",
        enqueue=False,
    )
    bot.store.add_status_event(
        older["id"], {"status": "under_beredning", "by": "test", "at": "2026-02-02T00:00:00+00:00"}
    )
    [text] = texts(await bot.send(COORDINATOR, "/inkorg"))
    assert text.index(newer["id"]) < text.index(older["id"])
    assert "   under beredning, inskickad 1 februari 2026\n" in text
    assert "   inskickad 20 februari 2026\n" in text  # the status is not said twice
    assert text.startswith("Inkorgen (2 idéer, nyast först)")


async def test_an_inbox_of_one_says_one_idea(bot, submitted):
    [text] = texts(await bot.send(COORDINATOR, "/inkorg"))
    assert text.startswith("Inkorgen (1 idé, nyast först)")


async def test_ansokan_shows_details_and_the_document(bot, submitted):
    calls = await bot.send(COORDINATOR, f"/ansokan {submitted['id']}")
    [text] = texts(calls)
    assert submitted["answers"]["title"] in text
    assert "200 000 kr" in text  # the shortfall
    [document] = [c for c in calls if c.method == "sendDocument"]
    assert document.files["document"][1].startswith(b"PK")
    unknown = texts(await bot.send(COORDINATOR, "/ansokan finnsinte"))
    assert "ingen ansökan" in unknown[0]


async def test_a_status_change_notifies_the_applicant_with_the_comment(bot, submitted):
    calls = await bot.send(
        COORDINATOR, f"/status {submitted['id']} under_beredning Vi läser den på tisdag."
    )
    assert "under beredning" in texts(calls)[-1]
    assert "Sökanden får besked i Telegram" in texts(calls)[-1]
    assert await bot.runtime.outbox.run_once() == 1  # the notice goes through the outbox
    told = bot.fake.texts(ANNA)
    assert any("under beredning" in t and "Vi läser den på tisdag." in t for t in told)
    app = bot.store.get_application(submitted["id"])
    assert app["status"] == "under_beredning"
    assert app["status_history"][-1]["comment"] == "Vi läser den på tisdag."
    assert app["status_history"][-1]["by"] == f"telegram:{COORDINATOR}"
    mina = texts(await bot.send(ANNA, "/mina"))[-1]
    assert "under beredning" in mina and "Vi läser den på tisdag." in mina


async def test_a_bad_status_line_explains_the_syntax_and_changes_nothing(bot, submitted):
    for line in (
        f"/status {submitted['id']} klar",
        f"/status {submitted['id']} komplettering",
        f"/status {submitted['id']} komplettering jamforelse Beskriv",
        # Fields no question asks: nothing could be reopened for them.
        f"/status {submitted['id']} komplettering applicant.bogus Beskriv",
        f"/status {submitted['id']} komplettering budget[7].cost Beskriv",
        f"/status {submitted['id']} komplettering fund Beskriv",
        f"/status {submitted['id']}",
    ):
        [text] = texts(await bot.send(COORDINATOR, line))
        assert "/status ID STATUS" in text
    assert bot.store.get_application(submitted["id"])["status"] == "inskickad"
    assert await bot.runtime.outbox.run_once() == 0
    assert not bot.fake.texts(ANNA)


async def test_komplettering_reopens_the_fields_in_the_applicants_dialog(bot, submitted):
    bot.store.enqueue_delivery(first_delivery(submitted["id"]))
    assert await bot.runtime.outbox.run_once() == 1  # the first submission reached them
    calls = await bot.send(
        COORDINATOR,
        f"/status {submitted['id']} komplettering comparison_group Beskriv jämförelsegruppen.",
    )
    # The coordinator reads the field by the name the applicant reads.
    assert "Öppnat igen i sökandens dialog: Jämförelsealternativ." in texts(calls)[-1]
    assert await bot.runtime.outbox.run_once() == 1  # the applicant's notice
    told = "\n".join(bot.fake.texts(ANNA))
    assert "komplettering" in told.lower() and "Beskriv jämförelsegruppen." in told
    assert "Det gäller: Jämförelsealternativ." in told  # the field, named as in the summary
    script = ApplicantScript(bot, ANNA, {"comparison_group": "Två jämförbara områden."})
    assert script.current_ask().field == "comparison_group"
    calls = await script.run_to_document()
    assert script.fields_asked[0] == "comparison_group"
    assert len(set(script.fields_asked)) == 2  # the reopened field, then confirm_submit
    app = bot.store.get_application(submitted["id"])
    assert app["answers"]["comparison_group"] == "Två jämförbara områden."
    assert len(bot.store.list_applications()) == 1  # the same application, updated
    # The coordinators get the completed application once more, exactly once.
    assert await bot.runtime.outbox.run_once() == 1
    assert await bot.runtime.outbox.run_once() == 0
    first, again = bot.fake.of("sendDocument", COORDINATOR_CHAT)
    assert first.params["caption"].startswith("Ny idé inskickad")
    assert again.params["caption"].startswith("Kompletterad idé")
    assert "Kompletterat: Jämförelsealternativ" in again.params["caption"].splitlines()
    with zipfile.ZipFile(io.BytesIO(again.files["document"][1])) as archive:
        assert "Två jämförbara områden." in archive.read("word/document.xml").decode()


async def test_the_applicant_dialog_is_not_run_in_the_coordinators_group(bot):
    calls = await bot.send(COORDINATOR, "/start", chat_id=COORDINATOR_CHAT)
    assert calls == []
    assert bot.store.get_draft(f"telegram:{COORDINATOR}") is None


def test_status_command_syntax():
    request = parse_status_command(
        ["X1", "komplettering", "comparison_group,budget,applicant.org_type", "Beskriv", "mer."]
    )
    assert (request.application_id, request.status) == ("X1", "komplettering")
    assert request.fields == ["comparison_group", "budget", "applicant.org_type"]
    assert request.comment == "Beskriv mer."
    avslag = parse_status_command(["X1", "Avslag", "Tyvärr", "inte", "nu."])
    assert (avslag.fields, avslag.comment) == ([], "Tyvärr inte nu.")
    with pytest.raises(Refused, match="Ange vilka fält"):
        parse_status_command(["X1", "komplettering"])
    with pytest.raises(Refused, match="Ange id och status"):
        parse_status_command(["X1"])


async def test_a_second_komplettering_round_is_delivered_once_more(bot, submitted):
    bot.store.enqueue_delivery(first_delivery(submitted["id"]))
    assert await bot.runtime.outbox.run_once() == 1  # the first submission reached them
    for answer in ("Två jämförbara områden.", "Tre skolor i grannkommunen."):
        await bot.send(
            COORDINATOR,
            f"/status {submitted['id']} komplettering comparison_group Beskriv mer.",
        )
        assert await bot.runtime.outbox.run_once() == 1  # the applicant's notice
        script = ApplicantScript(bot, ANNA, {"comparison_group": answer})
        await script.run_to_document()
        assert await bot.runtime.outbox.run_once() == 1
        assert await bot.runtime.outbox.run_once() == 0
    first, *sent = bot.fake.of("sendDocument", COORDINATOR_CHAT)
    assert first.params["caption"].startswith("Ny idé inskickad")
    assert len(sent) == 2
    assert all(c.params["caption"].startswith("Kompletterad idé") for c in sent)
    with zipfile.ZipFile(io.BytesIO(sent[-1].files["document"][1])) as archive:
        assert "Tre skolor i grannkommunen." in archive.read("word/document.xml").decode()
    assert len(bot.store.list_applications()) == 1


async def test_komplettering_of_a_field_not_asked_for_the_applications_fund_is_refused(
    bot, submitted
):
    # Gävleborg's dialog never asks for a repayment plan (Sundsvall's and Blekinge's do).
    calls = await bot.send(
        COORDINATOR, f"/status {submitted['id']} komplettering repayment_plan Beskriv den."
    )
    [text] = texts(calls)
    assert "repayment_plan" in text and "frågas inte" in text
    assert "Region Gävleborgs" in text and "comparison_group" in text  # what is possible
    assert bot.store.get_application(submitted["id"])["status"] == "inskickad"
    assert not bot.fake.texts(ANNA)


async def test_radera_during_a_komplettering_warns_that_the_komplettering_goes_too(bot, submitted):
    [plain] = texts(await bot.send(ANNA, "/radera"))
    assert "Obs!" not in plain
    await bot.press(ANNA, "Nej")
    await bot.send(COORDINATOR, f"/status {submitted['id']} komplettering budget Dela upp.")
    [warned] = texts(await bot.send(ANNA, "/radera"))
    assert "Du håller på att komplettera ”Tidigt stöd i förskolan”" in warned
    assert "samordnaren får den inte" in warned
    await bot.press(ANNA, "Ja, radera")
    assert bot.store.get_draft(f"telegram:{ANNA}") is None
    assert bot.store.get_application(submitted["id"])["status"] == "komplettering"  # kept
