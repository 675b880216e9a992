"""The application layer the GUI and the CLI share. Qt-free: plain iterators and calls."""
