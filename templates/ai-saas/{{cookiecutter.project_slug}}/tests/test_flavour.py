"""The flavour option sets the product's wording, its prompts and its sample data."""

from __future__ import annotations

import pytest
from helpers import api_sign_up, ask, csrf, new_chat, sign_up

from {{ cookiecutter.package_name }}.flavours import FLAVOURS, get_flavour
from {{ cookiecutter.package_name }}.settings import Settings

CHOSEN = "{{ cookiecutter.flavour }}"


def test_the_project_was_generated_with_its_flavour(client) -> None:
    assert Settings().flavour == CHOSEN
    assert Settings.from_env({}).flavour == CHOSEN
    page = client.get("/").text
    assert "<title>{{ cookiecutter.project_name }}</title>" in page  # the project's own name
    assert '<a class="brand" href="/">{{ cookiecutter.project_name }}</a>' in page
    assert get_flavour(CHOSEN).tagline in page


def test_every_flavour_has_its_own_wording_prompt_and_samples() -> None:
    assert set(FLAVOURS) == {
        "research-assistant",
        "support-desk",
        "legal-assistant",
        "dev-productivity",
    }
    for field in ("product", "tagline", "documents_label", "system_prompt", "ask_placeholder"):
        values = {getattr(f, field) for f in FLAVOURS.values()}
        assert len(values) == len(FLAVOURS), field
    titles = [s.title for f in FLAVOURS.values() for s in f.samples]
    assert len(titles) == len(set(titles))


@pytest.mark.stage(2)
@pytest.mark.parametrize("other", sorted(set(FLAVOURS) - {CHOSEN}))
def test_another_flavour_changes_the_wording(make_client, other: str) -> None:
    client = make_client(flavour=other)
    landing = client.get("/").text
    assert FLAVOURS[other].tagline in landing
    assert FLAVOURS[CHOSEN].tagline not in landing
    ws = sign_up(client, "ada@example.com")
    page = client.get(f"/w/{ws}").text
    assert FLAVOURS[other].documents_label.replace("&", "&amp;") in page
    assert FLAVOURS[other].chat_label in page


@pytest.mark.stage(4)
def test_the_flavour_prompt_reaches_the_model(make_client) -> None:
    client = make_client(flavour="legal-assistant")
    headers, ws = api_sign_up(client, "ada@example.com")
    chat = new_chat(client, headers, ws)
    ask(client, headers, ws, chat, "notice period?")
    system = client.app.state.model.calls[0][0]["content"]
    assert system.startswith(FLAVOURS["legal-assistant"].system_prompt)


@pytest.mark.stage(2)
def test_sample_documents_come_from_the_flavour(make_client) -> None:
    client = make_client(flavour="support-desk")
    ws = sign_up(client, "ada@example.com")
    page = client.post(f"/w/{ws}/samples", data={"csrf_token": csrf(client, f"/w/{ws}")}).text
    for sample in FLAVOURS["support-desk"].samples:
        assert sample.title in page


def test_unknown_flavour_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown flavour 'cooking'.*research-assistant"):
        get_flavour("cooking")
