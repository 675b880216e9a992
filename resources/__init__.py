"""Read-only files shipped with deskchat (personas; later icons, themes, translations)."""
