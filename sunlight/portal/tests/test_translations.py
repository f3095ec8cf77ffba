import re
from pathlib import Path

import pytest
from django.utils import translation

import sunlight

CATALOG = Path(sunlight.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
# A module may carry its own catalog (sunlight/<module>/locale, see scripts/messages.sh); each is held to the same rules.
MODULE_CATALOGS = sorted(Path(sunlight.__file__).parent.glob("*/locale/en/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%%")
# The modules shown today (办事服务, 权力清单, 政民互动, 电子监察 stay hidden until their apps are installed).
MODULES = {
    "信息公开": "Information Disclosure",
    "依申请公开": "Disclosure on Request",
    "年度报告": "Annual Reports",
}


def _unquote(text):
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def read_catalog(path=CATALOG):
    """A minimal .po reader: one dict per entry with its flags, msgid, msgid_plural and msgstr forms."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgid": "", "msgid_plural": None, "msgstr": {}}
        key = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                value = _unquote(line[1:-1])
                if isinstance(key, int):
                    entry["msgstr"][key] += value
                else:
                    entry[key] += value
            else:
                keyword, _, quoted = line.partition(" ")
                value = _unquote(quoted[1:-1])
                plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
                if plural:
                    key = int(plural[1])
                    entry["msgstr"][key] = value
                elif keyword == "msgstr":
                    key = 0
                    entry["msgstr"][key] = value
                else:
                    key = keyword
                    entry[key] = value
        if entry["msgstr"]:
            entries.append(entry)
    return entries


@pytest.mark.parametrize("path", [CATALOG, *MODULE_CATALOGS], ids=lambda p: str(p.parent.parent.parent.parent.name))
def test_every_english_catalog_entry_is_translated_and_none_is_fuzzy(path):
    entries = read_catalog(path)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert len(messages) > (200 if path == CATALOG else 0)
    assert path.with_suffix(".mo").exists(), f"{path}: run scripts/messages.sh compile"
    for entry in messages:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        forms = entry["msgstr"]
        assert sorted(forms) == ([0, 1] if entry["msgid_plural"] is not None else [0]), entry["msgid"]
        for text in forms.values():
            assert text.strip(), f"untranslated: {entry['msgid']}"
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry["msgid"])), entry["msgid"]
    # the compiled catalog is the one Django actually serves
    with translation.override("en"):
        assert translation.gettext("跳到主要内容") == "Skip to main content"
        assert translation.ngettext("共 %(n)s 项待办", "共 %(n)s 项待办", 3) % {"n": 3} == "3 to-do items"
        assert translation.ngettext("共 %(n)s 项待办", "共 %(n)s 项待办", 1) % {"n": 1} == "1 to-do item"


def test_the_english_home_page_shows_the_skip_link_and_module_names_in_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page and "Skip to main content" in page and "跳到主要内容" not in page
    for chinese, english in MODULES.items():
        assert english in page
        assert f">{chinese}<" not in page
