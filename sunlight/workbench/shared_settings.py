"""The admin side of shared settings: editors edit, every other admin views and proposes (sunlight.workbench.proposals).

SharedSettingsAdminMixin goes in front of the ModelAdmin of every table that binds all orgs alike. It keeps the
admin's own model permissions and adds one condition to add/change/delete: sunlight.orgs.shared.can_edit_shared_settings.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.forms import CharField, Textarea
from django.forms.models import model_to_dict, modelform_factory
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from sunlight.errors import SunlightError
from sunlight.orgs.shared import can_edit_shared_settings, is_any_admin

from . import proposals


class SharedSettingsAdminMixin:
    # The fields a proposal may change; default: every field of the admin form that is not read-only.
    proposal_fields: tuple[str, ...] | None = None
    change_form_template = "admin/shared_settings/change_form.html"
    change_list_template = "admin/shared_settings/change_list.html"

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        proposals.register(model._meta.label_lower, self.get_proposal_fields(), getattr(self, "event_prefix", ""))

    def get_proposal_fields(self) -> tuple[str, ...]:
        if self.proposal_fields is not None:
            return self.proposal_fields
        readonly = set(self.readonly_fields)
        editable = getattr(self, "editable", None)  # the law tables name their few editable fields
        names = [
            f.name
            for f in self.model._meta.get_fields()
            if getattr(f, "editable", False)
            and not f.auto_created
            and f.concrete
            and f.name not in readonly
            and not f.primary_key
        ]
        return tuple(n for n in names if editable is None or n in editable)

    def _may_edit(self, request: HttpRequest) -> bool:
        return can_edit_shared_settings(request.user)

    def has_add_permission(self, request, *args) -> bool:
        return super().has_add_permission(request, *args) and self._may_edit(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._may_edit(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_edit(request)

    def _may_propose(self, request: HttpRequest) -> bool:
        return not self._may_edit(request) and is_any_admin(request.user) and bool(self.get_proposal_fields())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "may_propose": self._may_propose(request)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_propose": self._may_propose(request),
            "may_propose_new": self._may_propose(request) and self._proposes_new_rows(),
        }
        return super().changelist_view(request, extra_context)

    def _proposes_new_rows(self) -> bool:
        # Law tables are never added to here (a change in the law is a migration): no "propose a new row".
        return type(self).has_add_permission is SharedSettingsAdminMixin.has_add_permission or not getattr(
            self, "editable", None
        )

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("propose/", self.admin_site.admin_view(self.propose_view), name=f"{prefix}_propose_new"),
            path("<path:object_id>/propose/", self.admin_site.admin_view(self.propose_view), name=f"{prefix}_propose"),
            *super().get_urls(),
        ]

    def propose_view(self, request: HttpRequest, object_id: str | None = None) -> HttpResponse:
        """A form like the change form, plus a reason; it files a proposal and goes back to the list (POST/redirect/GET)."""
        if not self.has_view_permission(request) or not is_any_admin(request.user) and not request.user.is_superuser:
            raise PermissionDenied
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404
        fields = list(self.get_proposal_fields())
        base = modelform_factory(self.model, fields=fields)
        form_class = type(
            "ProposalForm", (base,), {"reason": CharField(label=_("修改理由"), widget=Textarea(attrs={"rows": 3}))}
        )
        form = form_class(request.POST or None, instance=obj)
        if request.method == "POST" and form.is_valid():
            changed = (
                form.changed_data
                if obj is not None
                else [n for n in fields if form.cleaned_data.get(n) not in (None, "", [])]
            )
            changes = {}
            for name in changed:
                if name == "reason":
                    continue
                value = form.fields[name].widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
                changes[name] = value
            try:
                proposal = proposals.propose_setting_change(
                    by=request.user,
                    label=self.opts.label_lower,
                    obj=obj,
                    changes=changes,
                    reason=form.cleaned_data["reason"],
                )
            except SunlightError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    _("修改建议已提交（#%(pk)s），等待共享设置管理员处理。") % {"pk": proposal.pk},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect("../../" if obj is not None else "../")
        context = {
            **self.admin_site.each_context(request),
            "title": _("提出修改建议：%(what)s") % {"what": obj if obj is not None else self.opts.verbose_name},
            "opts": self.opts,
            "original": obj,
            "form": form,
            "current": model_to_dict(obj, fields=fields) if obj is not None else None,
        }
        return TemplateResponse(request, "admin/shared_settings/propose.html", context)
