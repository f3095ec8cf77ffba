from sunlight.portal.headings import outline


def test_a_body_that_starts_at_h3_is_renumbered_to_follow_the_pages_h1():
    assert outline("<h3>一、目标</h3><p>x</p><h3>二、任务</h3>") == "<h2>一、目标</h2><p>x</p><h2>二、任务</h2>"


def test_skipped_levels_in_a_body_are_closed_up_and_attributes_kept():
    assert outline('<h2 id="a">A</h2><h4>B</h4><h2>C</h2>') == '<h2 id="a">A</h2><h3>B</h3><h2>C</h2>'


def test_a_deeper_heading_first_never_skips_below_the_start_level():
    assert outline("<h4>A</h4><h2>B</h2><h4>C</h4>", start=2) == "<h2>A</h2><h2>B</h2><h3>C</h3>"
    assert outline("<p>no headings</p>") == "<p>no headings</p>"
