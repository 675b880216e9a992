"""A persona's required output: its grammar, and one sentence for what cannot be one."""

from __future__ import annotations

import pytest

from deskchat.chat.personas import Persona
from deskchat.errors import DeskchatError
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.output_format import ANY_JSON, output_grammar, schema_output
from deskchat.store.personas import PersonaRepo
from tests.helpers.fake_engine import FakeEngine


def test_text_any_json_and_a_schema() -> None:
    assert output_grammar(None) == ""
    assert "root" in output_grammar(ANY_JSON)
    grammar = output_grammar(
        schema_output('{"type": "object", "properties": {"n": {"enum": [1, 2]}}}')
    )
    assert "root" in grammar and grammar != output_grammar(ANY_JSON)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ('{"type": ', "The JSON schema is not valid JSON"),
        ("[1, 2]", "The answers' JSON schema must be a JSON object."),
    ],
)
def test_a_schema_that_cannot_be_a_grammar_is_a_sentence(text: str, start: str) -> None:
    with pytest.raises(DeskchatError) as caught:
        schema_output(text)
    assert str(caught.value).startswith(start)


def test_a_chat_with_a_json_persona_samples_with_its_grammar() -> None:
    db, _ = open_database()
    session = ChatSession(db, FakeEngine(["{}"]))
    repo = PersonaRepo(db)
    plain = repo.add(Persona(name="Plain", system_prompt=""))
    json_one = repo.add(Persona(name="Jason", system_prompt="", output=dict(ANY_JSON)))
    assert repo.get(json_one.id or 0).output == ANY_JSON  # kept in the history
    assert session.sampling_for(session.new_conversation(plain)).grammar == ""
    chat = session.new_conversation(json_one)
    assert session.sampling_for(chat).grammar == output_grammar(ANY_JSON)
