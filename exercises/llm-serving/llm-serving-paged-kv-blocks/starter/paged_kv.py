"""Paged KV-cache allocation: fixed-size blocks handed out on demand."""


class BlockManager:
    def __init__(self, num_blocks: int, block_size: int) -> None:
        self.num_blocks = num_blocks
        self.block_size = block_size
        # TODO: free block ids, block tables and token counts per sequence

    def blocks_needed(self, tokens: int) -> int:
        # TODO
        raise NotImplementedError

    def allocate(self, seq_id: str, prompt_tokens: int) -> list[int]:
        # TODO
        raise NotImplementedError

    def append_token(self, seq_id: str) -> None:
        # TODO
        raise NotImplementedError

    def free(self, seq_id: str) -> None:
        # TODO
        raise NotImplementedError

    def free_blocks(self) -> int:
        # TODO
        raise NotImplementedError

    def block_table(self, seq_id: str) -> list[int]:
        # TODO
        raise NotImplementedError


def admit_fifo(manager: BlockManager, waiting: list[tuple[str, int]]) -> list[str]:
    """Allocate in arrival order; stop at the first request that does not fit."""
    # TODO
    raise NotImplementedError


def reserved_waste(max_len: int, lengths: list[int]) -> int:
    """Unused slots when every sequence reserves max_len tokens."""
    # TODO
    raise NotImplementedError


def paged_waste(block_size: int, lengths: list[int]) -> int:
    """Unused slots with on-demand blocks."""
    # TODO
    raise NotImplementedError
