"""`aieng study`: the Textual TUI (dashboard, roadmap, quiz, tutor). Imported only by that command."""
