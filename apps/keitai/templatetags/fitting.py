"""``{% fititem %}`` and ``{% fititems %}``: list items whose sizes a fitted page knows.

``{% fititem %}...{% endfititem %}`` marks one item of a Django ``for`` loop.
``{% fititems "client/_post.jinja" as post %}`` renders every item of ``items``
with a Jinja2 template (the page's context, the item under the given name):
one compiled function per item instead of a Django ``include`` chain. Each item
is rendered once per response: a page fitted to a byte budget is rendered
again with fewer items, and those come from ``RENDERED_KEY``.
"""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()

# The context keys under which apps.keitai.responses collects the sizes and keeps
# the items already rendered, by (index, text limit).
SIZES_KEY = "fit_item_sizes"
RENDERED_KEY = "fit_rendered_items"
# The name of the Jinja2 engine in settings.TEMPLATES.
JINJA_ENGINE = "jinja2"


class FitItemNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        output = self.nodelist.render(context)
        sizes = context.get(SIZES_KEY)
        if sizes is not None:
            sizes.append(len(output))
        return output


@register.tag
def fititem(parser, token):
    """Render the enclosed item and record its length (nothing is added to the page)."""
    nodelist = parser.parse(("endfititem",))
    parser.delete_first_token()
    return FitItemNode(nodelist)


class FitItemsNode(template.Node):
    def __init__(self, template_name: str, name: str):
        self.template_name = template_name
        self.name = name

    def render(self, context):
        item_template = engines[JINJA_ENGINE].get_template(self.template_name).template
        sizes = context.get(SIZES_KEY)
        rendered = context.get(RENDERED_KEY)
        limit = context.get("trim_text")
        values = context.flatten()
        out = []
        for index, item in enumerate(context.get("items") or ()):
            html = rendered.get((index, limit)) if rendered is not None else None
            if html is None:
                values[self.name] = item
                html = item_template.render(values)
                if rendered is not None:
                    rendered[(index, limit)] = html
            if sizes is not None:
                sizes.append(len(html))
            out.append(html)
        return mark_safe("".join(out))


@register.tag
def fititems(parser, token):
    """``{% fititems "name.jinja" as item %}``: each of ``items`` through a Jinja2 template."""
    bits = token.split_contents()
    if len(bits) != 4 or bits[2] != "as" or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('usage: {% fititems "name.jinja" as item %}')
    return FitItemsNode(bits[1][1:-1], bits[3])
