"""Documents a person hands a chat: files read into located text (``loaders``) and split
into chunks along paragraphs and headings (``chunking``). Pure reading, no storage."""
