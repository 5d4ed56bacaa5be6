"""A list page that shows as many of its items as the device's byte budget allows.

A view returns ``FittedListResponse`` with its template, its context, the items
it could show and where "more" goes after the first n of them. The template
loops over ``items`` (each wrapped in ``{% fititem %}``), links on with
``more_url`` and shortens text when ``trim_text`` is set. The keitai middleware
(``ResponsePipelineMiddleware.process_template_response``) fits it to the
device and keeps the bytes it measured, so the pipeline runs once for a page
that fits as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.template.response import TemplateResponse

from .budget import TRIMMED_TEXT, Fitted, Rendered, fit_count
from .templatetags.fitting import RENDERED_KEY, SIZES_KEY

__all__ = ["FittedListResponse"]


class FittedListResponse(TemplateResponse):
    """A ``TemplateResponse`` that knows its items and renders the page with the first n."""

    def __init__(
        self,
        request,
        template,
        context: dict,
        items: Sequence,
        *,
        more_url: Callable[[int], str | None],
        status: int | None = None,
    ):
        super().__init__(request, template, context, status=status)
        self.list_items = tuple(items)
        self.more_url = more_url
        self.count = len(self.list_items)
        self.trimmed = False
        self.fitted: Fitted | None = None
        self._sizes: list[int] = []
        self._rendered: dict = {}

    def resolve_context(self, context):
        self._sizes = []
        context = {
            **(context or {}),
            "items": self.list_items[: self.count],
            "more_url": self.more_url(self.count),
            "trim_text": TRIMMED_TEXT if self.trimmed else None,
            SIZES_KEY: self._sizes,
            RENDERED_KEY: self._rendered,
        }
        return super().resolve_context(context)

    def render_with(self, count: int, trim: bool = False) -> Rendered:
        """The page with the first ``count`` items (text shortened with ``trim``)."""
        self.count, self.trimmed = count, trim
        html = self.rendered_content
        return Rendered(html, tuple(self._sizes))

    def fit(self, budget: int, measure: Callable[[str], bytes]) -> Fitted:
        """Render the largest page that fits ``budget`` bytes as ``measure`` counts them."""
        fitted = fit_count(self.render_with, measure, len(self.list_items), budget)
        self.count, self.trimmed = fitted.count, fitted.trimmed
        self.content = fitted.html  # rendered now: Django will not render it again
        self.fitted = fitted
        return fitted
