"""`?`: every key of every screen, from the bindings themselves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# aieng study — keys

**Everywhere:** `d` dashboard · `r` roadmap · `z` quiz your due topics · `?` this help ·
`ctrl+p` command palette (every screen, every topic) · `q` or `ctrl+c` quit (nothing is lost:
every answer is saved the moment it is graded).

**Roadmap:** `↑` `↓` move · `enter`/`space` fold a phase · `l` learning · `x` done · `s` skip ·
`t` to do · `z` quiz this topic · `c` tutor chat on this topic · `esc` back.

**Quiz:** type your answer and press `ctrl+s` (or click Submit); choice questions: press
`1`-`4`. Offline short answers: read the model answer, then rate yourself `1` Again · `2` Hard ·
`3` Good · `4` Easy. `enter` or `n` next question · `esc` back.

**Tutor:** type a question and press `enter`; the answer streams in. `esc` back.

Without Ollama everything but the tutor chat works offline: questions come from the bank.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Close", id="close"),
        Binding("question_mark", "app.pop_screen", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)
