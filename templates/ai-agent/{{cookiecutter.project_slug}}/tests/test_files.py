"""File tools stay inside the workspace: `..`, absolute paths and symlinks out are refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.errors import PathEscape, ToolError
from {{ cookiecutter.package_name }}.tools import ToolRegistry, Workspace
from {{ cookiecutter.package_name }}.tools.files import file_tools


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "secret.txt").write_text("top secret")
    return secret


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    root.mkdir()
    return Workspace(root)


@pytest.fixture
def tools(ws: Workspace) -> ToolRegistry:
    return ToolRegistry(file_tools(ws))


@pytest.mark.stage(1)
def test_write_read_list(tools: ToolRegistry, ws: Workspace) -> None:
    assert tools.get("write_file")({"path": "notes/a.txt", "content": "hello"}) == "wrote 5 bytes to notes/a.txt"
    assert tools.get("read_file")({"path": "notes/a.txt"}) == "hello"
    assert tools.get("list_files")({}) == "notes/\nnotes/a.txt"
    assert (ws.root / "notes" / "a.txt").read_text() == "hello"
    assert tools.get("write_file").dangerous and not tools.get("read_file").dangerous


@pytest.mark.stage(1)
@pytest.mark.parametrize(
    "path",
    [
        "../outside/secret.txt",
        "notes/../../outside/secret.txt",
        "a/../b.txt",
        "..",
        "/etc/passwd",
        "\\\\server\\share\\x",
        "C:\\Windows\\win.ini",
        "..\\outside\\secret.txt",
        "",
        "   ",
    ],
)
def test_escapes_are_refused(tools: ToolRegistry, path: str, outside: Path) -> None:
    for name, args in (("read_file", {"path": path}), ("write_file", {"path": path, "content": "x"})):
        with pytest.raises(PathEscape):
            tools.get(name)(args)
    assert (outside / "secret.txt").read_text() == "top secret"


@pytest.mark.stage(1)
@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlinks_out_of_the_workspace_are_refused(tools: ToolRegistry, ws: Workspace, outside: Path) -> None:
    (ws.root / "door").symlink_to(outside, target_is_directory=True)
    (ws.root / "link.txt").symlink_to(outside / "secret.txt")
    (ws.root / "dangling.txt").symlink_to(outside / "new.txt")
    for path in ("door/secret.txt", "link.txt"):
        with pytest.raises(PathEscape, match="symlink"):
            tools.get("read_file")({"path": path})
    for path in ("door/planted.txt", "dangling.txt", "link.txt"):
        with pytest.raises(PathEscape):
            tools.get("write_file")({"path": path, "content": "x"})
    with pytest.raises(PathEscape):
        tools.get("list_files")({"path": "door"})
    assert not (outside / "new.txt").exists() and not (outside / "planted.txt").exists()
    assert (outside / "secret.txt").read_text() == "top secret"
    listing = tools.get("list_files")({})
    assert "door -> (link, not followed)" in listing and "secret.txt" not in listing


@pytest.mark.stage(1)
def test_symlinks_inside_the_workspace_work(tools: ToolRegistry, ws: Workspace) -> None:
    (ws.root / "real.txt").write_text("inside")
    (ws.root / "alias.txt").symlink_to(ws.root / "real.txt")
    assert tools.get("read_file")({"path": "alias.txt"}) == "inside"


@pytest.mark.stage(1)
def test_missing_file_is_a_tool_error(tools: ToolRegistry) -> None:
    with pytest.raises(ToolError, match="no such file"):
        tools.get("read_file")({"path": "nope.txt"})
