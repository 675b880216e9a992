"""The pure chat domain: turns, personas, chat templates, prompt building, context budget.
No Qt, no llama.cpp, no database: everything here is plain data in, plain data out."""
