"""File tools confined to one workspace folder: no `..`, no absolute paths, no symlink escapes."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import PathEscape, ToolError
from .registry import Tool, tool

MAX_READ_BYTES = 200_000
MAX_WRITE_BYTES = 1_000_000
MAX_LISTED = 200


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
        if PurePosixPath(raw).is_absolute() or PureWindowsPath(raw).is_absolute() or PureWindowsPath(raw).drive:
            raise PathEscape(f"absolute paths are refused: {raw!r} (use a path inside the workspace)")
        parts = PurePosixPath(raw.replace("\\", "/")).parts
        if ".." in parts:
            raise PathEscape(f"'..' is refused: {raw!r} stays inside the workspace or nowhere")
        root = self.root.resolve()
        # resolve() follows symlinks, dangling ones included, so a link pointing out is caught here.
        target = (root / Path(*parts)).resolve()
        if target != root and root not in target.parents:
            raise PathEscape(f"{raw!r} leads outside the workspace (through a symlink)")
        return target

    def relative(self, target: Path) -> str:
        return target.relative_to(self.root.resolve()).as_posix() or "."


def file_tools(workspace: Workspace) -> list[Tool]:
    """read_file, write_file (dangerous: asks first) and list_files over `workspace`."""

    @tool
    def read_file(path: str) -> str:
        """Read a UTF-8 text file from the workspace.

        Args:
            path: File path relative to the workspace, e.g. "notes/todo.txt".
        """
        target = workspace.resolve(path)
        if not target.is_file():
            raise ToolError(f"read_file: no such file in the workspace: {path!r}")
        data = target.read_bytes()
        if len(data) > MAX_READ_BYTES:
            raise ToolError(f"read_file: {path!r} is larger than {MAX_READ_BYTES} bytes")
        return data.decode("utf-8", errors="replace")

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
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        return f"wrote {len(data)} bytes to {workspace.relative(target)}"

    @tool
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
