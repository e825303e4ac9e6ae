"""Paged KV-cache allocation: fixed-size blocks handed out on demand."""

import heapq
import math


class BlockManager:
    def __init__(self, num_blocks: int, block_size: int) -> None:
        self.num_blocks = num_blocks
        self.block_size = block_size
        self._free = list(range(num_blocks))  # a heap: the lowest id comes out first
        self._tables: dict[str, list[int]] = {}
        self._tokens: dict[str, int] = {}

    def blocks_needed(self, tokens: int) -> int:
        return math.ceil(tokens / self.block_size)

    def allocate(self, seq_id: str, prompt_tokens: int) -> list[int]:
        if seq_id in self._tables:
            raise ValueError(f"sequence {seq_id} already has blocks")
        need = self.blocks_needed(prompt_tokens)
        if need > len(self._free):
            raise MemoryError(f"{seq_id} needs {need} blocks, {len(self._free)} free")
        self._tables[seq_id] = [heapq.heappop(self._free) for _ in range(need)]
        self._tokens[seq_id] = prompt_tokens
        return list(self._tables[seq_id])

    def append_token(self, seq_id: str) -> None:
        if self._tokens[seq_id] % self.block_size == 0:
            if not self._free:
                raise MemoryError(f"no free block for {seq_id}")
            self._tables[seq_id].append(heapq.heappop(self._free))
        self._tokens[seq_id] += 1

    def free(self, seq_id: str) -> None:
        for block in self._tables.pop(seq_id):
            heapq.heappush(self._free, block)
        del self._tokens[seq_id]

    def free_blocks(self) -> int:
        return len(self._free)

    def block_table(self, seq_id: str) -> list[int]:
        return list(self._tables[seq_id])


def admit_fifo(manager: BlockManager, waiting: list[tuple[str, int]]) -> list[str]:
    """Allocate in arrival order; stop at the first request that does not fit."""
    admitted: list[str] = []
    for seq_id, prompt_tokens in waiting:
        try:
            manager.allocate(seq_id, prompt_tokens)
        except MemoryError:
            break
        admitted.append(seq_id)
    return admitted


def reserved_waste(max_len: int, lengths: list[int]) -> int:
    """Unused slots when every sequence reserves max_len tokens."""
    return sum(max_len - n for n in lengths)


def paged_waste(block_size: int, lengths: list[int]) -> int:
    """Unused slots with on-demand blocks."""
    return sum(math.ceil(n / block_size) * block_size - n for n in lengths)
