import hashlib

from ingest import IngestWorker, chunk_key


class CountingEmbedder:
    def __init__(self):
        self.calls = []

    def __call__(self, texts):
        self.calls.append(list(texts))
        return [[float(len(t))] for t in texts]


def upsert(mid, doc, version, chunks):
    return {"message_id": mid, "type": "upsert", "doc_id": doc, "version": version, "chunks": chunks}


def texts_of(worker, doc):
    return sorted(v["text"] for v in worker.index.values() if v["doc_id"] == doc)


def test_chunk_key():
    assert chunk_key("doc-1", "hello") == "doc-1:" + hashlib.sha256(b"hello").hexdigest()[:16]


def test_first_ingest_embeds_every_chunk_once():
    embed = CountingEmbedder()
    w = IngestWorker(embed)
    assert w.handle(upsert("m1", "faq", 1, ["Refunds take 14 days.", "Shipping is free."])) == "upserted"
    assert embed.calls == [["Refunds take 14 days.", "Shipping is free."]]
    assert w.index[chunk_key("faq", "Shipping is free.")] == {
        "doc_id": "faq",
        "text": "Shipping is free.",
        "vector": [17.0],
    }


def test_redelivery_is_a_no_op():
    embed = CountingEmbedder()
    w = IngestWorker(embed)
    msg = upsert("m1", "faq", 1, ["a", "b"])
    w.handle(msg)
    assert w.handle(dict(msg)) == "duplicate"
    assert len(embed.calls) == 1 and len(w.index) == 2


def test_new_version_embeds_only_what_changed():
    embed = CountingEmbedder()
    w = IngestWorker(embed)
    w.handle(upsert("m1", "faq", 1, ["a", "b", "c"]))
    assert w.handle(upsert("m2", "faq", 2, ["a", "c", "d"])) == "upserted"
    assert embed.calls[1] == ["d"]
    assert texts_of(w, "faq") == ["a", "c", "d"]
    assert w.handle(upsert("m3", "faq", 3, ["c", "a"])) == "upserted"
    assert len(embed.calls) == 2  # nothing new: no embedding call at all
    assert texts_of(w, "faq") == ["a", "c"]


def test_out_of_order_versions_are_ignored():
    w = IngestWorker(CountingEmbedder())
    w.handle(upsert("m2", "faq", 2, ["new"]))
    assert w.handle(upsert("m1", "faq", 1, ["old"])) == "stale"
    assert w.handle(upsert("m3", "faq", 2, ["same version"])) == "stale"
    assert texts_of(w, "faq") == ["new"]


def test_delete_wins_over_a_late_older_upsert():
    w = IngestWorker(CountingEmbedder())
    w.handle(upsert("m1", "hr", 1, ["salary bands"]))
    w.handle(upsert("m2", "faq", 1, ["shipping"]))
    assert w.handle({"message_id": "m3", "type": "delete", "doc_id": "hr", "version": 2}) == "deleted"
    assert texts_of(w, "hr") == [] and texts_of(w, "faq") == ["shipping"]
    assert w.handle(upsert("m4", "hr", 1, ["salary bands"])) == "stale"
    assert texts_of(w, "hr") == []
    assert w.handle(upsert("m5", "hr", 3, ["new policy"])) == "upserted"


def test_documents_do_not_share_chunks():
    embed = CountingEmbedder()
    w = IngestWorker(embed)
    w.handle(upsert("m1", "a", 1, ["same text"]))
    w.handle(upsert("m2", "b", 1, ["same text"]))
    w.handle(upsert("m3", "a", 2, []))
    assert texts_of(w, "a") == [] and texts_of(w, "b") == ["same text"]
