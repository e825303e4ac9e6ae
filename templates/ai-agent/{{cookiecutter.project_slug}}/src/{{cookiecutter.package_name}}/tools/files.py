"""File tools confined to one workspace folder: no `..`, no absolute paths, no symlink or hard-link escapes."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import PathEscape, ToolError
from .registry import Tool, tool

MAX_READ_BYTES = 200_000
MAX_WRITE_BYTES = 1_000_000
MAX_LISTED = 200
MAX_PATH_CHARS = 1024
MAX_PATH_DEPTH = 32
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class Workspace:
    """A root folder; `resolve` maps a relative path inside it or raises PathEscape."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def resolve(self, path: str) -> Path:
        raw = (path or "").strip()
        if not raw:
            raise PathEscape("path is empty")
        if "\x00" in raw:
            raise PathEscape("path contains a NUL byte")
        if len(raw) > MAX_PATH_CHARS:
            raise PathEscape(f"path longer than {MAX_PATH_CHARS} characters")
        if PurePosixPath(raw).is_absolute() or PureWindowsPath(raw).is_absolute() or PureWindowsPath(raw).drive:
            raise PathEscape(f"absolute paths are refused: {raw[:200]!r} (use a path inside the workspace)")
        parts = PurePosixPath(raw.replace("\\", "/")).parts
        if ".." in parts:
            raise PathEscape(f"'..' is refused: {raw[:200]!r} stays inside the workspace or nowhere")
        if len(parts) > MAX_PATH_DEPTH:
            raise PathEscape(f"path deeper than {MAX_PATH_DEPTH} folders")
        root = self.root.resolve()
        # resolve() follows symlinks, dangling ones included, so a link pointing out is caught here.
        target = (root / Path(*parts)).resolve()
        if target != root and root not in target.parents:
            raise PathEscape(f"{raw[:200]!r} leads outside the workspace (through a symlink)")
        return target

    def relative(self, target: Path) -> str:
        return target.relative_to(self.root.resolve()).as_posix() or "."

    def exists(self, path: str) -> bool:
        """Whether a regular file exists at `path` inside the workspace (for step post-conditions)."""
        try:
            return self.resolve(path).is_file()
        except (PathEscape, OSError):
            return False

    def read_bytes(self, target: Path, limit: int) -> bytes:
        """Read a regular, singly linked file without following a final symlink; refuse hard links."""
        try:
            fd = os.open(target, os.O_RDONLY | _NOFOLLOW)
        except FileNotFoundError:
            raise ToolError(f"no such file in the workspace: {self.relative(target)!r}") from None
        except OSError as e:  # ELOOP: the name became a symlink after resolve()
            raise PathEscape(f"cannot open {self.relative(target)!r} safely ({e.strerror})") from None
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ToolError(f"{self.relative(target)!r} is not a regular file")
            if info.st_nlink > 1:
                # A hard link can make a file outside the workspace look like one inside it.
                raise PathEscape(f"{self.relative(target)!r} has {info.st_nlink} hard links: refused")
            if info.st_size > limit:
                raise ToolError(f"{self.relative(target)!r} is larger than {limit} bytes")
            return f.read(limit + 1)[:limit]

    def write_bytes(self, target: Path, data: bytes) -> None:
        """Atomic write through a fresh temp file (O_EXCL, random name) in the target's folder."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target)  # replaces a symlink itself, never the file it points to
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def file_tools(workspace: Workspace) -> list[Tool]:
    """read_file, write_file (dangerous: asks first) and list_files over `workspace`."""

    @tool(untrusted_output=True)
    def read_file(path: str) -> str:
        """Read a UTF-8 text file from the workspace.

        Args:
            path: File path relative to the workspace, e.g. "notes/todo.txt".
        """
        target = workspace.resolve(path)
        if target.is_dir():
            raise ToolError(f"read_file: {path[:200]!r} is a folder")
        return workspace.read_bytes(target, MAX_READ_BYTES).decode("utf-8", errors="replace")

    @tool(dangerous=True)
    def write_file(path: str, content: str) -> str:
        """Write text to a file in the workspace, creating folders and replacing an existing file.

        Args:
            path: File path relative to the workspace, e.g. "report.md".
            content: The complete text to write.
        """
        target = workspace.resolve(path)
        data = content.encode("utf-8")
        if len(data) > MAX_WRITE_BYTES:
            raise ToolError(f"write_file: content larger than {MAX_WRITE_BYTES} bytes")
        if target.is_dir():
            raise ToolError(f"write_file: {path!r} is a folder")
        workspace.write_bytes(target, data)
        return f"wrote {len(data)} bytes to {workspace.relative(target)}"

    @tool(untrusted_output=True)
    def list_files(path: str = ".") -> str:
        """List files and folders under a workspace folder (folders end with /).

        Args:
            path: Folder relative to the workspace; "." is the workspace itself.
        """
        folder = workspace.root.resolve() if path.strip() in ("", ".") else workspace.resolve(path)
        if not folder.is_dir():
            raise ToolError(f"list_files: no such folder in the workspace: {path!r}")
        root = workspace.root.resolve()
        entries = []
        for p in sorted(folder.rglob("*")):  # rglob does not descend into symlinked folders
            if any(part.startswith(".") for part in p.relative_to(folder).parts):
                continue
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
                entries.append(rel + " -> (link, not followed)")
            else:
                entries.append(rel + ("/" if p.is_dir() else ""))
            if len(entries) >= MAX_LISTED:
                entries.append(f"... (more than {MAX_LISTED} entries)")
                break
        return "\n".join(entries) if entries else "(empty)"

    return [read_file, write_file, list_files]
