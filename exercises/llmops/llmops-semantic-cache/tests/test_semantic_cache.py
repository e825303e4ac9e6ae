from semantic_cache import SemanticCache

VECTORS = {
    "how do i reset my password": [1.0, 0.0, 0.0],
    "password reset steps?": [0.95, 0.05, 0.0],
    "how do i delete my account": [0.6, 0.8, 0.0],
    "what are your opening hours": [0.0, 0.0, 1.0],
    "blank": [0.0, 0.0, 0.0],
    "same": [3.0, 4.0, 0.0],
}


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


def make(**kwargs):
    calls = []

    def embed(text):
        calls.append(text)
        return VECTORS[text]

    clock = Clock()
    return SemanticCache(embed, clock=clock, **kwargs), clock, calls


def test_paraphrase_hits_and_unrelated_misses():
    cache, _, _ = make(threshold=0.9)
    cache.put("how do i reset my password", "Use the reset link.", "m1")
    assert cache.get("password reset steps?", "m1") == "Use the reset link."
    assert cache.get("how do i delete my account", "m1") is None  # similarity 0.6
    assert cache.stats() == {"hits": 1, "misses": 1, "hit_rate": 0.5}


def test_threshold_is_inclusive_and_zero_vectors_never_hit():
    cache, _, _ = make(threshold=1.0)
    cache.put("same", "exact", "m1")
    assert cache.get("same", "m1") == "exact"
    cache.put("blank", "nothing", "m1")
    assert cache.get("blank", "m1") is None


def test_models_do_not_share_answers():
    cache, _, _ = make()
    cache.put("how do i reset my password", "from m1", "m1")
    assert cache.get("how do i reset my password", "m2") is None


def test_entries_expire():
    cache, clock, _ = make(ttl=60)
    cache.put("how do i reset my password", "old", "m1")
    clock.now = 59.9
    assert cache.get("how do i reset my password", "m1") == "old"
    clock.now = 60.0
    assert cache.get("how do i reset my password", "m1") is None
    clock.now = 61.0
    cache.put("how do i reset my password", "new", "m1")
    assert cache.get("how do i reset my password", "m1") == "new"


def test_best_match_wins_and_ties_prefer_the_newest():
    cache, _, _ = make(threshold=0.5)
    cache.put("how do i delete my account", "delete", "m1")
    cache.put("how do i reset my password", "reset v1", "m1")
    cache.put("how do i reset my password", "reset v2", "m1")
    assert cache.get("password reset steps?", "m1") == "reset v2"


def test_lru_eviction_counts_hits_as_use():
    cache, _, _ = make(max_entries=2, threshold=0.99)
    cache.put("how do i reset my password", "reset", "m1")
    cache.put("what are your opening hours", "9-17", "m1")
    assert cache.get("how do i reset my password", "m1") == "reset"  # now the hours entry is least recent
    cache.put("how do i delete my account", "delete", "m1")
    assert cache.get("what are your opening hours", "m1") is None
    assert cache.get("how do i reset my password", "m1") == "reset"
    assert cache.get("how do i delete my account", "m1") == "delete"


def test_one_embedding_per_lookup():
    cache, _, calls = make()
    cache.put("how do i reset my password", "reset", "m1")
    calls.clear()
    cache.get("password reset steps?", "m1")
    assert calls == ["password reset steps?"]
    assert make()[0].stats() == {"hits": 0, "misses": 0, "hit_rate": 0.0}
