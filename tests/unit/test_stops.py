from deskchat.engine.stops import StopMatcher


def test_text_that_may_start_a_stop_string_is_held_back_then_released() -> None:
    m = StopMatcher(("\nHuman:",))
    assert m.feed("Paris is the capital.") == ("Paris is the capital.", False)
    assert m.feed("\nHu") == ("", False)  # could be the stop string: hold
    assert m.feed("go was") == ("\nHugo was", False)  # it was not
    assert m.flush() == ""


def test_stop_string_split_across_pieces_is_cut_and_never_shown() -> None:
    m = StopMatcher(("\nHuman:",))
    shown = [m.feed(p) for p in ["Yes.", "\n", "Hum", "an: next"]]
    assert "".join(s for s, _ in shown) == "Yes."
    assert shown[-1][1] is True


def test_no_stop_strings_passes_everything() -> None:
    m = StopMatcher(())
    assert m.feed("abc") == ("abc", False)


def test_held_text_is_flushed_at_the_end() -> None:
    m = StopMatcher(("<end>",))
    assert m.feed("done <en") == ("done ", False)
    assert m.flush() == "<en"
