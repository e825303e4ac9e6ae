import pytest
from paged_kv import BlockManager, admit_fifo, paged_waste, reserved_waste


def test_blocks_needed_rounds_up():
    m = BlockManager(10, 16)
    assert [m.blocks_needed(n) for n in (0, 1, 16, 17, 32)] == [0, 1, 1, 2, 2]


def test_allocate_takes_the_lowest_free_blocks():
    m = BlockManager(8, 4)
    assert m.allocate("a", 9) == [0, 1, 2]
    assert m.allocate("b", 4) == [3]
    m.free("a")
    assert m.free_blocks() == 7
    assert m.allocate("c", 5) == [0, 1]


def test_append_takes_a_block_only_when_the_last_is_full():
    m = BlockManager(8, 4)
    m.allocate("a", 4)  # exactly one full block
    m.append_token("a")  # token 5 needs block 2
    assert m.block_table("a") == [0, 1]
    for _ in range(3):  # tokens 6, 7, 8 fit in block 1
        m.append_token("a")
    assert m.block_table("a") == [0, 1] and m.free_blocks() == 6
    m.append_token("a")
    assert m.block_table("a") == [0, 1, 2]


def test_failed_allocation_changes_nothing():
    m = BlockManager(3, 4)
    m.allocate("a", 8)
    with pytest.raises(MemoryError):
        m.allocate("b", 5)
    assert m.free_blocks() == 1
    with pytest.raises(ValueError):
        m.allocate("a", 1)


def test_append_without_free_blocks_raises():
    m = BlockManager(1, 2)
    m.allocate("a", 2)
    with pytest.raises(MemoryError):
        m.append_token("a")
    assert m.block_table("a") == [0]


def test_fifo_admission_does_not_skip_ahead():
    m = BlockManager(6, 16)
    admitted = admit_fifo(m, [("r1", 40), ("r2", 40), ("r3", 5), ("r4", 5)])
    assert admitted == ["r1", "r2"]  # 3 blocks each: nothing is left for r3
    assert m.free_blocks() == 0
    m2 = BlockManager(6, 16)
    assert admit_fifo(m2, [("r1", 40), ("big", 100), ("r3", 5)]) == ["r1"]  # r3 would fit but must wait
    assert m2.free_blocks() == 3


def test_waste_reserved_vs_paged():
    lengths = [100, 1000, 17]
    assert reserved_waste(2048, lengths) == 3 * 2048 - 1117
    assert paged_waste(16, lengths) == (112 - 100) + (1008 - 1000) + (32 - 17)
    assert paged_waste(16, [32]) == 0
