from django import template

from sunlight.portal.headings import outline as _outline

register = template.Library()


@register.filter
def outline(html: str, start: int = 2) -> str:
    """Rich text's headings renumbered to follow the page's own (see sunlight.portal.headings)."""
    return _outline(str(html or ""), int(start))
