"""Form errors the GOV.UK way, once for every form: an error summary linking each error to its field, and the
page title prefixed with "错误：". Templates render fields with includes/field.html (or a whole form with
includes/form.html), which marks each invalid field; static sunlight/forms.js moves focus to the summary."""

from __future__ import annotations

from django import template
from django.forms import BaseForm, BaseFormSet
from django.forms.boundfield import BoundField
from django.utils.translation import gettext as _

register = template.Library()


def field_anchor(field: BoundField) -> str:
    """The id a summary link points to: the input itself, or the first option of a group of radios/checkboxes."""
    if field.is_hidden:
        return ""
    if field.use_fieldset:
        options = field.subwidgets
        return options[0].id_for_label if options else field.auto_id
    return field.id_for_label or field.auto_id


def _forms(values) -> list[BaseForm]:
    found: list[BaseForm] = []
    for value in values:
        # type(), not isinstance(): isinstance() would evaluate a lazy context value (request.user, csrf_token).
        kind = type(value)
        if issubclass(kind, BaseFormSet):
            found.extend(value.forms)
        elif issubclass(kind, BaseForm):
            found.append(value)
    return found


def summary_items(*forms) -> list[dict]:
    items: list[dict] = []
    for form in _forms(forms):
        if not form.is_bound or not form.errors:
            continue
        items.extend({"message": message, "anchor": ""} for message in form.non_field_errors())
        for field in form:
            items.extend({"message": message, "anchor": field_anchor(field)} for message in field.errors)
        for name in form.errors:  # errors of fields the form does not render (added by a clean method)
            if name != "__all__" and name not in form.fields:
                items.extend({"message": message, "anchor": ""} for message in form.errors[name])
    return items


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms) -> dict:
    """{% error_summary form %} (or several forms): nothing when they are valid or unbound."""
    return {"items": summary_items(*forms)}


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "错误：" when any bound form on the page has errors (GOV.UK: the title says so before anything else)."""
    forms = _forms(value for layer in context.dicts for value in layer.values())
    return _("错误：") if any(f.is_bound and f.errors for f in forms) else ""


@register.inclusion_tag("includes/error_summary.html")
def error_summary_message(message: str, anchor: str = "") -> dict:
    """The summary for a page whose one error is not a Django form's: {% error_summary_message error "id_start" %}."""
    return {"items": [{"message": message, "anchor": anchor}] if message else []}
