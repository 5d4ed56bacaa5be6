"""fit_count: the largest page that fits, found from item sizes with few pipeline runs."""

import random

import pytest

from apps.keitai.budget import Rendered, fit_count


def _page(sizes, frame=900, wide=()):
    """render/measure for a page of items of ``sizes`` characters; ``wide`` items take
    3 bytes a character on the wire (kana in UTF-8), the rest 1."""
    runs = {"render": 0, "measure": 0}

    def render(count, trim):
        runs["render"] += 1
        items = [("あ" if n in wide else "a") * (20 if trim else sizes[n]) for n in range(count)]
        return Rendered("<" * frame + "".join(items), tuple(len(i) for i in items))

    def measure(html):
        runs["measure"] += 1
        return html.encode("utf-8")

    return render, measure, runs


def _largest(sizes, frame, wide, budget):
    best = 0
    for count in range(1, len(sizes) + 1):
        total = frame + sum(s * (3 if n in wide else 1) for n, s in enumerate(sizes[:count]))
        if total <= budget:
            best = count
    return best


@pytest.mark.parametrize("seed", range(25))
def test_finds_exactly_the_largest_count_that_fits(seed):
    rng = random.Random(seed)
    sizes = [rng.randint(50, 600) for _ in range(rng.randint(2, 40))]
    wide = {n for n in range(len(sizes)) if rng.random() < 0.3}
    budget = rng.randint(1500, 8000)
    render, measure, runs = _page(sizes, wide=wide)
    fitted = fit_count(render, measure, len(sizes), budget)
    expected = _largest(sizes, 900, wide, budget)
    if expected == 0:
        assert fitted.count == 1 and fitted.trimmed
    else:
        assert (fitted.count, fitted.trimmed) == (expected, False)
        assert len(fitted.body) <= budget
    assert fitted.body == fitted.html.encode("utf-8")


def test_a_page_that_fits_is_measured_once():
    render, measure, runs = _page([100] * 20)
    fitted = fit_count(render, measure, 20, 10_000)
    assert (fitted.count, runs["measure"], runs["render"]) == (20, 1, 1)


def test_item_sizes_predict_the_count_in_one_more_run():
    # Evenly sized items in one charset: the prediction is exact.
    render, measure, runs = _page([300] * 40)
    fitted = fit_count(render, measure, 40, 900 + 300 * 11 + 50)
    assert fitted.count == 11
    assert runs["measure"] <= 3, runs


def test_one_item_over_the_budget_is_shown_shortened():
    render, measure, _ = _page([5000, 100])
    fitted = fit_count(render, measure, 2, 2000)
    assert (fitted.count, fitted.trimmed) == (1, True)
    assert len(fitted.body) <= 2000


def test_fititems_needs_a_quoted_template_name_and_a_name_for_the_item():
    from django.template import Template, TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match="usage"):
        Template("{% load fitting %}{% fititems client/_post.jinja as post %}")
    with pytest.raises(TemplateSyntaxError, match="usage"):
        Template('{% load fitting %}{% fititems "client/_post.jinja" post %}')
