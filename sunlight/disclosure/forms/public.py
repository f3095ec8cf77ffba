"""Forms of the public pages."""

from __future__ import annotations

from django import forms

from sunlight.orgs import tree
from sunlight.orgs.models import Org

from ..models import Document, Genre, KeyArea, Topic


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    org = forms.ModelChoiceField(label="发布机构", queryset=Org.objects.filter(is_active=True), required=False)
    topic = forms.ModelChoiceField(label="主题分类", queryset=Topic.objects.all(), required=False)
    genre = forms.ModelChoiceField(label="体裁分类", queryset=Genre.objects.all(), required=False)
    year = forms.IntegerField(label="年份", required=False, min_value=1990, max_value=2100)
    validity = forms.ChoiceField(
        label="有效性", required=False, choices=[("", "全部")] + list(Document.Validity.choices)
    )
    key_area = forms.ModelChoiceField(
        label="重点领域", queryset=KeyArea.objects.all(), required=False, to_field_name="code"
    )
    order = forms.ChoiceField(label="排序", required=False, choices=[("relevance", "相关度"), ("newest", "最新发布")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The publisher select in tree order (the city's departments under the city); the queryset still validates.
        # A callable: read only when the select is rendered, not for exports and feeds that only validate.
        queryset = self.fields["org"].queryset
        self.fields["org"].choices = lambda: (
            [("", "---------")] + [(org.pk, org.name) for org in tree.ordered(queryset)]
        )
