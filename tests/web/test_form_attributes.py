"""A form field's extra attributes reach the browser as attributes: a date field shows the placeholder
«дд.мм.гггг» without quotes around it, and a number field keeps its bounds (they were escaped into
`placeholder=&#34;дд.мм.гггг&#34;`, which a browser shows with the quotes and reads as no bound at all)."""

from __future__ import annotations

from web.render import env


def field(template: str) -> str:
    return env.from_string('{% import "_forms.html" as forms %}' + template).render()


def test_a_date_field_shows_its_placeholder_without_quotes() -> None:
    html = field('{{ forms.field("held_on", "Дата встречи", attrs=forms.DAY) }}')
    assert 'placeholder="дд.мм.гггг"' in html and 'inputmode="numeric"' in html and "&#34;" not in html


def test_a_number_field_keeps_its_bounds() -> None:
    html = field("""{{ forms.field("capacity", "Сколько", type="number", attrs='min="1" max="20"') }}""")
    assert 'min="1" max="20"' in html


def test_what_a_person_typed_is_still_escaped() -> None:
    html = field("""{{ forms.field("title", "Название", {"title": '"><script>'}) }}""")
    assert "<script>" not in html and "&#34;&gt;&lt;script&gt;" in html
