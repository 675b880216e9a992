"""The desktop app (PySide6). Widgets and thin adapters only: every decision is made by
``deskchat.services``; this package turns its events into Qt signals and pixels."""
