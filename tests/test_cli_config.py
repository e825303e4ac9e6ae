"""`aieng config` as a user types it: every setting named in its help, bad values refused in one line."""

from __future__ import annotations

import pytest

from aieng_cli.settings import KEYS, THEMES, load_settings


def test_config_help_names_every_setting(cli):
    out = " ".join(cli("config", "--help").output.split())
    for key in KEYS:
        assert key in out


@pytest.mark.parametrize(
    ("key", "value", "needle"),
    [
        ("timeout", "-5", "timeout must be a number of seconds above 0 and at most 600, not '-5'"),
        ("timeout", "0", "above 0"),
        ("timeout", "nan", "not 'nan'"),
        ("timeout", "inf", "at most 600"),
        ("timeout", "--5", "not '--5'"),
        ("health_timeout", "61", "at most 60, not '61'"),
        ("theme", "nonexistent", "unknown theme 'nonexistent'; themes: ansi-dark, ansi-light"),
        ("theme", "Nord", "unknown theme 'Nord'"),
    ],
)
def test_bad_values_are_one_clear_line_and_change_nothing(cli, key, value, needle):
    cli("config", "set", "timeout", "30")
    result = cli("config", "set", key, value)
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [result.output.strip()] and needle in result.output
    assert "No such option" not in result.output
    assert load_settings().timeout == 30.0 and load_settings().theme == "ansi-dark"


def test_every_listed_theme_is_accepted(cli):
    for theme in (THEMES[0], "nord", THEMES[-1]):
        assert cli("config", "set", "theme", theme).output == f"theme = {theme}\n"


def test_theme_list_is_textuals_own():
    """The static list (no Textual import in `config set`) must follow Textual's built-in themes."""
    from textual.theme import BUILTIN_THEMES

    assert set(THEMES) == set(BUILTIN_THEMES)


def test_config_set_does_not_import_textual(tmp_path):
    import os
    import subprocess
    import sys

    code = (
        "import sys\nfrom aieng_cli.cli import app\n"
        "try:\n    app(['config', 'set', 'theme', 'bogus'], prog_name='aieng')\nexcept SystemExit:\n    pass\n"
        "print('textual' in sys.modules)"
    )
    env = {**os.environ, "AIENG_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
