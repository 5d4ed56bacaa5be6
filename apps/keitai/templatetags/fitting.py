"""``{% fititem %}``: marks one list item so a fitted page knows each item's size."""

from django import template

register = template.Library()

# The context key under which apps.keitai.responses collects the sizes.
SIZES_KEY = "fit_item_sizes"


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
