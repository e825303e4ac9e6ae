"""`?`: every key of every screen, from the bindings themselves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

HELP = """\
# aieng study — keys

**Everywhere:** `d` dashboard · `r` roadmap · `z` quiz your due topics · `p` practice ·
`?` this help ·
`ctrl+p` command palette (every screen, every topic) · `q` or `ctrl+c` quit (nothing is lost:
every answer is saved the moment it is graded).

**Roadmap:** `↑` `↓` move (a phase shows its summary) · `enter`/`space` fold a phase ·
`l` learning · `x` done · `s` skip · `t` to do · `z` quiz this topic · `c` tutor chat on this
topic · `esc` back.

**Quiz:** type your answer and press `ctrl+s` (or click Submit); choice questions: press
`A`-`D` (or `1`-`4`). Offline, or after `esc` while the model grades: compare your answer with
the model answer, then rate yourself `1` Again · `2` Hard · `3` Good · `4` Easy.
`enter` or `n` next question · `esc` back (asks first if your answer is not saved yet).

**Practice:** `c` run the tests · `h` next hint · `o` copy the exercise to your practice folder ·
`esc` back.

**Tutor:** type a question and press `enter`; the answer streams in. The conversation on each
topic is kept while `aieng study` runs; `ctrl+s` saves it as Markdown. `esc` back.

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
        yield Footer()  # this screen's keys, not the screen underneath's
