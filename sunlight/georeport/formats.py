"""Open311 GeoReport v2 documents in JSON and XML: the element names of the specification
(services / service, service_definition / attributes / attribute / values / value, service_requests / request,
errors / error)."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

from django.http import HttpResponse

# The element each list's items are written as, by the list's root element.
ITEM = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
}


# Characters XML 1.0 cannot carry (C0 controls other than tab and newlines, U+FFFE/U+FFFF): dropped, so a
# document always parses.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, data) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            child = ET.SubElement(element, key)
            _fill(child, value)
    elif isinstance(data, list):
        for item in data:
            _fill(ET.SubElement(element, ITEM.get(element.tag, "item")), item)
    else:
        element.text = _text(data)


def render(data, root: str, fmt: str, status: int = 200) -> HttpResponse:
    """`data` is the JSON document; `root` the XML root element (a list becomes its items)."""
    if fmt == "xml":
        element = ET.Element(root)
        if isinstance(data, list):
            for item in data:
                _fill(ET.SubElement(element, ITEM.get(root, "item")), item)
        else:
            _fill(element, data)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8")
        return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8"
    )


def errors(status: int, description: str, fmt: str) -> HttpResponse:
    return render([{"code": status, "description": description}], "errors", fmt, status=status)
