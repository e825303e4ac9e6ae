"""The command line: ingest a folder, ask, eval, keys; one-line errors."""

import json

import pytest

from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.services import build_services

from .conftest import GOLDEN, SAMPLE_DOCS


def run(capsys, tmp_path, *args):
    code = main(["--offline", "--data-dir", str(tmp_path / "data"), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def statuses(out: str) -> list[str]:
    words = [line.split()[0] for line in out.splitlines() if line.strip()]
    return [w for w in words if w in ("added", "updated", "unchanged", "skipped", "failed")]


@pytest.mark.stage(2)
def test_ingest_then_reingest_skips_unchanged(capsys, tmp_path):
    code, out, _ = run(capsys, tmp_path, "ingest", str(SAMPLE_DOCS))
    assert code == 0 and statuses(out) == ["added"] * 6 and "offline fallback" in out
    code, out, _ = run(capsys, tmp_path, "ingest", str(SAMPLE_DOCS))
    assert code == 0 and statuses(out) == ["unchanged"] * 6
    code, out, _ = run(capsys, tmp_path, "delete", "warranty.md")
    assert code == 0 and "deleted warranty.md" in out
    code, _, err = run(capsys, tmp_path, "delete", "warranty.md")
    assert code == 1 and "no document" in err


@pytest.mark.stage(5)
def test_ask_prints_a_labelled_answer_and_citations(capsys, tmp_path):
    run(capsys, tmp_path, "ingest", str(SAMPLE_DOCS))
    code, out, _ = run(capsys, tmp_path, "ask", "What does error E12 mean?", "--top-k", "2")
    assert code == 0 and "OFFLINE FALLBACK" in out
    assert (
        "[1] troubleshooting.md > Troubleshooting and error codes > E12 speed sensor error" in out
    )
    code, out, _ = run(capsys, tmp_path, "ask", "What torque do the stem bolts need?")
    assert "[1] parts-catalogue.pdf > p. 2" in out


@pytest.mark.stage(7)
def test_eval_prints_and_stores_a_run(capsys, tmp_path):
    run(capsys, tmp_path, "ingest", str(SAMPLE_DOCS))
    code, out, _ = run(
        capsys, tmp_path, "eval", "--golden", str(GOLDEN), "--k", "4", "--distractors", "40"
    )
    summary = json.loads(out)
    assert code == 0 and summary["recall_at_k"] >= 0.9 and summary["id"] == 1
    assert summary["distractors"] == 40 and summary["recall_at_k_distractors"] is not None


@pytest.mark.stage(6)
def test_keys_create_list_revoke(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        tmp_path,
        "keys",
        "create",
        "--name",
        "ci",
        "--scope",
        "ingest",
        "--scope",
        "query",
        "--collection",
        "team-a",
    )
    assert code == 0 and "scopes ingest, query on collections team-a" in out
    key = out.strip().rsplit(" ", 1)[-1]
    key_id = out.split()[2]
    assert key.startswith("rag_")
    code, out, _ = run(capsys, tmp_path, "keys", "list")
    assert "ci" in out and key not in out and "active" in out
    assert run(capsys, tmp_path, "keys", "revoke", key_id)[0] == 0
    code, _, err = run(capsys, tmp_path, "keys", "revoke", key_id)
    assert code == 1 and err.startswith("error: no active key")


def test_a_locked_embedded_store_is_a_one_line_error(capsys, tmp_path, settings):
    holder = build_services(settings.model_copy(update={"data_dir": tmp_path / "data"}))
    try:
        code, _, err = run(capsys, tmp_path, "ingest", str(SAMPLE_DOCS))
    finally:
        holder.close()
    assert code == 1 and "in use by another process" in err and len(err.strip().splitlines()) == 1


def test_missing_paths_and_bad_settings_are_one_line_errors(capsys, tmp_path, monkeypatch):
    code, _, err = run(capsys, tmp_path, "ingest", str(tmp_path / "nope"))
    assert code == 1 and "no such file or folder" in err
    monkeypatch.setenv("RAG_TOP_K", "-1")
    code, _, err = run(capsys, tmp_path, "keys", "list")
    assert code == 1 and err.startswith("error: invalid settings: top_k")


@pytest.mark.stage(7)
def test_quickstart_prepares_everything_once(capsys, services):
    from {{ cookiecutter.package_name }}.cli import _quickstart

    _quickstart(services, SAMPLE_DOCS)
    out = capsys.readouterr().out
    assert statuses(out) == ["added"] * 6
    assert "admin API key (shown only now): rag_" in out and "first eval run: recall@" in out
    [key] = services.keys.list()
    assert key.scopes == ("admin",) and len(services.runs.list()) == 1

    _quickstart(services, SAMPLE_DOCS)
    out = capsys.readouterr().out
    assert statuses(out) == ["unchanged"] * 6 and "API keys exist already" in out
    assert len(services.keys.list()) == 1 and len(services.runs.list()) == 1


@pytest.mark.stage(2)
def test_a_switched_embedder_warns_that_its_index_is_incomplete(capsys, tmp_path, settings):
    from {{ cookiecutter.package_name }}.cli import warn_if_index_incomplete
    from {{ cookiecutter.package_name }}.retrieval.embedders import HashingEmbedder

    run(capsys, tmp_path, "ingest", str(SAMPLE_DOCS))
    other = build_services(
        settings.model_copy(update={"data_dir": tmp_path / "data"}), embedder=HashingEmbedder(128)
    )
    try:
        warn_if_index_incomplete(other)
        err = capsys.readouterr().err
        assert "not in the live index 'offline-hash128'" in err and "reembed" in err
        other.ingestor.reembed()
        warn_if_index_incomplete(other)
        assert capsys.readouterr().err == ""
    finally:
        other.close()
