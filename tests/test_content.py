"""The shipped teaching material: a lesson, a question bank and resources for every topic."""

from __future__ import annotations

import re

import pytest

from aieng_cli.resources import roadmap_path
from aieng_cli.roadmap import ChoiceQuestion, ShortQuestion, load_roadmap


@pytest.fixture(scope="module")
def roadmap():
    return load_roadmap(roadmap_path(), use_cache=False)


def test_every_topic_has_a_lesson_of_250_to_600_words(roadmap):
    for topic in roadmap.topics:
        words = len(topic.lesson.split())
        assert 250 <= words <= 600, (topic.id, words)
        prose = re.sub(r"(?ms)^```.*?^```", "", topic.lesson)  # code comments may start with #
        assert not re.search(r"(?m)^# ", prose), f"{topic.id}: lessons use ### headings, not #"


def test_every_topic_has_a_mixed_bank_of_at_least_six(roadmap):
    for topic in roadmap.topics:
        kinds = {type(q) for q in topic.questions}
        assert len(topic.questions) >= 6 and kinds == {ShortQuestion, ChoiceQuestion}, topic.id


def test_question_ids_are_stable_and_unique(roadmap):
    ids = [q.id for t in roadmap.topics for q in t.questions]
    assert len(ids) == len(set(ids))
    for topic in roadmap.topics:
        assert [q.id for q in topic.questions] == [f"{topic.id}-{n}" for n in range(1, len(topic.questions) + 1)]


def test_question_shapes(roadmap):
    for topic in roadmap.topics:
        for q in topic.questions:
            if isinstance(q, ChoiceQuestion):
                assert len(q.choices) == 4 and 0 <= q.answer < 4 and q.explanation.strip(), q.id
                assert len(set(q.choices)) == 4, f"{q.id}: duplicate choices"
            else:
                assert 2 <= len(q.key_points) <= 5 and len(q.answer.split()) >= 15, q.id


def test_choice_answers_are_not_always_in_one_position(roadmap):
    for topic in roadmap.topics:
        positions = {q.answer for q in topic.questions if isinstance(q, ChoiceQuestion)}
        assert len(positions) >= 2, topic.id


def test_resources_are_two_to_five_http_links(roadmap):
    for topic in roadmap.topics:
        assert 2 <= len(topic.resources) <= 5, topic.id
        assert all(re.match(r"^https?://[^\s/]+\.[^\s]+", r.url) for r in topic.resources), topic.id


def test_topic_command_shows_lesson_resources_and_bank(cli):
    out = cli("topic", "rag").output
    assert "Lesson" in out and "Resources" in out and "arxiv.org" in out
    out = cli("topic", "rag", "--questions").output
    assert "Question bank" in out and "rag-1" in out and "rag-6" in out
