import bpe

CORPUS = {"run": 8, "runs": 3, "sun": 5, "fun": 2}


def test_lesson_corpus_first_merges():
    assert bpe.train_bpe(CORPUS, 3) == [("u", "n"), ("r", "un"), ("s", "un")]


def test_counts_are_weighted_by_word_frequency():
    # after three merges: run x8, run s x3, sun x5, f un x2 -> (run, s)=3 beats (f, un)=2
    assert bpe.train_bpe(CORPUS, 4)[3] == ("run", "s")


def test_ties_pick_the_smallest_pair():
    assert bpe.train_bpe({"cd": 1, "ab": 1}, 1) == [("a", "b")]
    assert bpe.train_bpe({"zy": 2, "xa": 1, "ya": 1}, 1) == [("z", "y")]


def test_stops_when_nothing_is_left_to_merge():
    assert bpe.train_bpe({"aaa": 1}, 10) == [("a", "a"), ("aa", "a")]
    assert bpe.train_bpe(CORPUS, 0) == []
    assert bpe.train_bpe({"a": 5}, 3) == []


def test_apply_merge_is_left_to_right_without_overlap():
    assert bpe.apply_merge(list("aaa"), ("a", "a")) == ["aa", "a"]
    assert bpe.apply_merge(list("aaaa"), ("a", "a")) == ["aa", "aa"]
    assert bpe.apply_merge(["r", "un", "s"], ("un", "s")) == ["r", "uns"]
    assert bpe.apply_merge([], ("a", "b")) == []


def test_encode_replays_merges_in_order():
    merges = bpe.train_bpe(CORPUS, 3)
    assert bpe.encode("runs", merges) == ["run", "s"]
    assert bpe.encode("fun", merges) == ["f", "un"]
    assert bpe.encode("nur", merges) == ["n", "u", "r"]
    assert bpe.encode("", merges) == []
    # order matters: applying (r, un) before (u, n) would never fire
    assert bpe.encode("run", [("r", "un"), ("u", "n")]) == ["r", "un"]
