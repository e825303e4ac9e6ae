import json

import sse


def test_format_event():
    assert sse.format_event("hello") == "data: hello\n\n"
    assert sse.format_event("a\nb", event="delta") == "event: delta\ndata: a\ndata: b\n\n"


def test_parse_whole_stream():
    stream = 'data: {"token": "Hel"}\n\ndata: {"token": "lo"}\n\ndata: [DONE]\n\n'
    events = sse.SSEParser().feed(stream)
    assert events == [
        {"event": "message", "data": '{"token": "Hel"}'},
        {"event": "message", "data": '{"token": "lo"}'},
        {"event": "message", "data": "[DONE]"},
    ]
    assert sse.collect_text(events) == "Hello"


def test_chunks_split_anywhere():
    stream = "event: delta\r\ndata: first line\r\ndata: second\r\n\r\n: keep-alive\n\ndata:no-space\n\n"
    for size in (1, 2, 3, 7):
        parser = sse.SSEParser()
        events = []
        for i in range(0, len(stream), size):
            events += parser.feed(stream[i : i + size])
        assert events == [
            {"event": "delta", "data": "first line\nsecond"},
            {"event": "message", "data": "no-space"},
        ], size


def test_incomplete_event_waits_for_the_blank_line():
    parser = sse.SSEParser()
    assert parser.feed("data: partial\n") == []
    assert parser.feed("\n") == [{"event": "message", "data": "partial"}]


def test_only_the_first_colon_splits_and_one_space_is_dropped():
    events = sse.SSEParser().feed('data:  {"url": "http://x"}\n\n')
    assert events == [{"event": "message", "data": ' {"url": "http://x"}'}]


def test_comments_and_empty_events_dispatch_nothing():
    assert sse.SSEParser().feed(": ping\n\n\n\nevent: x\n\n") == []


def test_round_trip_and_done_stops_collection():
    tokens = ["The", " answer", " is\n42", "."]
    stream = "".join(sse.format_event(json.dumps({"token": t})) for t in tokens)
    stream += sse.format_event("[DONE]") + sse.format_event(json.dumps({"token": " ignored"}))
    events = sse.SSEParser().feed(stream)
    assert sse.collect_text(events) == "The answer is\n42."
