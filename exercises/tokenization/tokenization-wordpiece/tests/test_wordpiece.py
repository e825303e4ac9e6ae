from wordpiece import encode, pre_tokenize, wordpiece

VOCAB = [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "un",
    "##aff",
    "##able",
    "the",
    "run",
    "##ning",
    "##s",
    "!",
    ",",
    "a",
    "##b",
]
IDS = {t: i for i, t in enumerate(VOCAB)}


def test_pre_tokenize_splits_punctuation():
    assert pre_tokenize("The  Unaffable, running!") == ["the", "unaffable", ",", "running", "!"]
    assert pre_tokenize("") == []


def test_classic_example():
    assert wordpiece("unaffable", IDS) == ["un", "##aff", "##able"]
    assert wordpiece("runs", IDS) == ["run", "##s"]
    assert wordpiece("the", IDS) == ["the"]


def test_longest_match_first():
    vocab = {"run", "r", "##un", "##u", "##n", "##ning"}
    assert wordpiece("running", vocab) == ["run", "##ning"]
    assert wordpiece("run", {"r", "##un", "##u", "##n"}) == ["r", "##un"]


def test_greedy_failure_makes_the_whole_word_unknown():
    assert wordpiece("abc", {"a", "ab", "##bc"}) == ["[UNK]"]
    assert wordpiece("unaffablez", IDS) == ["[UNK]"]
    assert wordpiece("xyz", IDS) == ["[UNK]"]


def test_continuations_need_the_prefix():
    assert wordpiece("bb", {"b"}) == ["[UNK]"]  # the second b must be "##b"
    assert wordpiece("ab", IDS) == ["a", "##b"]


def test_overlong_words():
    assert wordpiece("a" + "b" * 100, IDS) == ["[UNK]"]
    assert wordpiece("a" + "b" * 99, IDS) == ["a"] + ["##b"] * 99


def test_encode_adds_special_tokens():
    assert encode("The unaffable runs!", IDS) == [2, 7, 4, 5, 6, 8, 10, 11, 3]
    assert encode("zebra", IDS) == [2, 1, 3]
