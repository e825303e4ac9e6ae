"""The tutor engine through the real ollama client against the loopback fake, and offline."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from aieng_cli.errors import AiengError, TutorUnavailable
from aieng_cli.progress import Progress, default_store
from aieng_cli.roadmap import load_roadmap
from aieng_cli.tutor import scheduler
from aieng_cli.tutor.llm import Grade, OllamaTutor, QuestionDraft
from aieng_cli.tutor.session import Asked, QuizSession, start_session

from .conftest import MINI_ROADMAP
from .fake_ollama import Fault, closed_port_url

QUESTION = {
    "prompt": "Why would you pin dependencies in a virtual environment?",
    "answer": "Pinning makes installs reproducible. It avoids surprise upgrades breaking the code.",
    "key_points": ["reproducible installs", "no surprise upgrades"],
}
GRADE = {
    "score": 3,
    "verdict": "Mostly right",
    "feedback": "Good; mention reproducibility.",
    "missed_points": ["reproducible installs"],
}


@pytest.fixture
def roadmap():
    return load_roadmap(MINI_ROADMAP)


@pytest.fixture
def tutor(fake_ollama):
    return OllamaTutor(fake_ollama.url, "llama3.2", timeout=2)


# The Ollama seam ---------------------------------------------------------------


def test_health_reports_version_and_model(tutor, fake_ollama):
    health = tutor.health()
    assert health.ok and health.version == "0.12.3"
    fake_ollama.models = ["qwen2.5:7b"]
    health = tutor.health()
    assert health.reachable and not health.model_present and health.hint == "ollama pull llama3.2"


def test_health_when_nothing_listens():
    health = OllamaTutor(closed_port_url(), "llama3.2", timeout=2).health()
    assert not health.reachable and "not reachable" in health.problem


def test_generated_question_is_grounded_and_structured(tutor, fake_ollama, roadmap):
    fake_ollama.reply(json.dumps(QUESTION))
    draft = tutor.generate_question(roadmap.topic("python"), avoid=["What is a list?"])
    assert draft == QuestionDraft(**QUESTION)
    (request,) = fake_ollama.chat_requests()
    assert request["format"] == QuestionDraft.model_json_schema()
    prompt = request["messages"][-1]["content"]
    assert "Python as an engineering language" in prompt and "Write functions" in prompt
    assert "What is a list?" in prompt and "Why use a virtual environment?" in prompt  # avoid list, bank examples


def test_grade_retries_once_on_invalid_output(tutor, fake_ollama, roadmap):
    fake_ollama.reply(Fault.garbage(in_content=True), json.dumps(GRADE))
    grade = tutor.grade(roadmap.topic("python"), "Q?", "Ref.", ["a", "b"], "my answer")
    assert grade == Grade(**GRADE) and len(fake_ollama.chat_requests()) == 2
    assert "my answer" in fake_ollama.chat_requests()[0]["messages"][-1]["content"]


@pytest.mark.parametrize(
    ("replies", "message"),
    [
        (
            [Fault.garbage(in_content=True), json.dumps({"score": 9, "verdict": "x", "feedback": "y"})],
            "invalid output twice",
        ),
        ([Fault.http(404, 'model "llama3.2" not found, try pulling it first')], "ollama pull llama3.2"),
        ([Fault.http(500, "boom")], "Ollama error 500"),
        ([Fault.slow(5)], "did not answer within 2 s"),
        ([Fault.garbage()], "not JSON"),
        ([Fault.cut_stream(1)], "connection to Ollama broke"),
    ],
    ids=["schema-violation", "model-missing", "server-error", "slow", "garbage-body", "cut"],
)
def test_grade_failures_become_one_sentence(tutor, fake_ollama, roadmap, replies, message):
    fake_ollama.reply(*replies)
    with pytest.raises(TutorUnavailable, match=message) as info:
        tutor.grade(roadmap.topic("python"), "Q?", "Ref.", ["a", "b"], "answer")
    assert "\n" not in str(info.value)


def test_connection_refused_is_one_sentence(roadmap):
    with pytest.raises(TutorUnavailable, match="not reachable"):
        OllamaTutor(closed_port_url(), "llama3.2", timeout=2).grade(roadmap.topic("python"), "Q", "R", ["a", "b"], "x")


def test_chat_streams_grounded_reply(tutor, fake_ollama, roadmap):
    fake_ollama.reply("Functions take inputs and return outputs. Classes bundle state.")
    parts = list(tutor.chat(roadmap.topic("python"), [{"role": "user", "content": "Explain functions"}]))
    assert len(parts) > 1 and "".join(parts) == "Functions take inputs and return outputs. Classes bundle state."
    (request,) = fake_ollama.chat_requests()
    assert request["stream"] is True and "Python" in request["messages"][0]["content"]


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (Fault.error_in_stream(2, "unexpected EOF"), "failed mid-answer: unexpected EOF"),
        (Fault.cut_stream(2), "connection to Ollama broke"),
        (Fault.slow(5, after_chunks=1), "did not answer within"),
    ],
    ids=["error-line", "cut", "stall"],
)
def test_chat_stream_failures_keep_what_arrived(tutor, fake_ollama, roadmap, fault, message):
    fake_ollama.reply(fault)
    received = []
    with pytest.raises(TutorUnavailable, match=message):
        for part in tutor.chat(roadmap.topic("python"), [{"role": "user", "content": "hi"}]):
            received.append(part)
    assert received  # the text before the failure was delivered


def test_streaming_against_closed_port_is_one_sentence(roadmap):
    chat = OllamaTutor(closed_port_url(), "llama3.2", timeout=2).chat(roadmap.topic("python"), [])
    with pytest.raises(TutorUnavailable, match="not reachable"):
        next(chat)


# Sessions ----------------------------------------------------------------------


def test_online_session_saves_each_grade_before_the_next_question(tutor, fake_ollama, roadmap):
    store = default_store()
    seen_reviews = []

    def responder(request):
        content = request["messages"][-1]["content"]
        if "Learner's answer" in content:
            return json.dumps(GRADE)
        seen_reviews.append(len(store.load().reviews))
        return json.dumps({**QUESTION, "prompt": f"{QUESTION['prompt']} (case {len(seen_reviews)})"})

    fake_ollama.responder = responder
    session = QuizSession(roadmap, store, ["python", "rag"], tutor=tutor)
    for number in (1, 2):
        asked = session.next_question()
        assert asked.source == "llama3.2" and asked.prompt == f"{QUESTION['prompt']} (case {number})"
        result = session.grade(asked, "Pinning keeps installs the same everywhere.")
        assert result.score == 3 and result.missed_points == ["reproducible installs"]
    assert seen_reviews == [0, 1]
    progress = store.load()
    assert [r.topic for r in progress.reviews] == ["python", "rag"]
    assert set(progress.cards) == {"python", "rag"} and progress.status("rag") == "learning"


def test_session_falls_back_to_bank_when_model_breaks(tutor, fake_ollama, roadmap):
    fake_ollama.reply(Fault.http(500, "out of memory"))
    session = QuizSession(roadmap, default_store(), ["python"], tutor=tutor)
    asked = session.next_question()
    assert asked.source == "bank" and asked.question_id.startswith("python-")
    assert session.offline and "out of memory" in session.offline_reason


def test_offline_choice_and_self_rating(roadmap):
    store = default_store()
    session = QuizSession(roadmap, store, ["python", "python"], offline_reason="test")
    first = session.next_question()
    outcome = session.grade(first, "b") if first.kind == "choice" else session.self_rate(first, "isolation", 2)
    assert outcome.score == (4 if first.kind == "choice" else 2)
    second = session.next_question()
    assert {first.question_id, second.question_id} == {"python-1", "python-2"}  # least recently seen next
    if second.kind == "short":
        assert session.grade(second, "isolation") is None  # offline: the learner rates themselves
        assert session.self_rate(second, "isolation", 4).score == 4
    else:
        assert session.grade(second, "a").score == 0 and session.graded == 2
    assert sorted(r.model for r in store.load().reviews) == ["bank", "self"]


def _short_question(roadmap) -> Asked:
    return Asked.from_bank(roadmap.topic("python"), roadmap.topic("python").questions[0])


def test_empty_answer_scores_zero_and_is_saved(roadmap):
    session = QuizSession(roadmap, default_store(), [], offline_reason="test")
    result = session.grade(_short_question(roadmap), "   ")
    assert result.score == 0 and result.rating == 1 and "no answer" in result.notice
    assert default_store().load().reviews[0].answer == ""


def test_huge_answer_is_cut_for_grading(tutor, fake_ollama, roadmap):
    fake_ollama.reply(json.dumps(GRADE))
    session = QuizSession(roadmap, default_store(), [], tutor=tutor)
    result = session.grade(_short_question(roadmap), "x" * 20_000)
    assert result.score == 3 and "cut to its first 4,000 characters" in result.notice
    sent = fake_ollama.chat_requests()[0]["messages"][-1]["content"]
    assert "x" * 4000 in sent and "x" * 4001 not in sent
    assert len(default_store().load().reviews[0].answer) == 4000


def test_unparsable_choice_is_refused_without_recording(roadmap):
    session = QuizSession(roadmap, default_store(), [], offline_reason="test")
    asked = Asked.from_bank(roadmap.topic("python"), roadmap.topic("python").questions[1])
    assert asked.kind == "choice"
    with pytest.raises(AiengError, match="A-D"):
        session.grade(asked, "the second one")
    assert not default_store().path.exists()


def test_start_session_checks_health_once(fake_ollama, roadmap):
    fake_ollama.models = []
    store = default_store()
    store.save(Progress(track="builder"))
    factory = lambda: OllamaTutor(fake_ollama.url, "llama3.2", 2)  # noqa: E731
    session = start_session(roadmap, store, None, 3, False, factory, include_new=True)
    assert session.offline and "ollama pull llama3.2" in session.offline_reason
    assert session.queue == ["python", "apis", "rag"]


def test_status_lists_due_reviews(cli, mini):
    cli("plan", "--track", "builder", "--hours", "5")
    store = default_store()
    with store.update() as progress:
        long_ago = datetime(2020, 1, 1, tzinfo=timezone.utc)
        progress.cards["rag"] = scheduler.record_answer(None, 1, long_ago, long_ago.date())
    out = cli("status").output
    assert "due" in out.lower() and "(rag)" in out
