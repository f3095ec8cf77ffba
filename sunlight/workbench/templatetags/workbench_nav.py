"""The modules' items of the workbench menu, as each module declares them (ModuleConfig.workbench_nav)."""

from django import template
from django.urls import reverse

from sunlight import modules

register = template.Library()


@register.simple_tag
def workbench_nav() -> list[dict]:
    return [{"url": reverse(item.url_name), "label": item.label} for item in modules.workbench_nav()]
