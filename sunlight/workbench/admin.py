from django.apps import apps
from django.contrib import admin, messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from sunlight.errors import SunlightError
from sunlight.orgs.admin_scoping import ScopedAdminMixin
from sunlight.orgs.shared import is_any_admin

from . import proposals
from .models import SettingProposal
from .proposals import may_decide


@admin.register(SettingProposal)
class SettingProposalAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Proposals are made from a shared setting's page and decided here by its editors (accept applies, decline says why)."""

    scope_user_field = "proposed_by"
    list_display = ("id", "target_name", "object_label", "proposed_by", "proposed_at", "status", "decided_by")
    list_filter = ("status",)
    readonly_fields = (
        "target_name",
        "object_label",
        "changes_text",
        "reason",
        "proposed_by",
        "proposed_at",
        "status",
        "decided_by",
        "decided_at",
        "decision_reason",
    )
    fields = readonly_fields
    change_form_template = "admin/shared_settings/proposal_change_form.html"

    @admin.display(description=_("设置"))
    def target_name(self, obj: SettingProposal) -> str:
        try:
            return str(apps.get_model(obj.target)._meta.verbose_name)
        except LookupError:
            return obj.target

    @admin.display(description=_("建议值"))
    def changes_text(self, obj: SettingProposal) -> str:
        return proposals.summary(obj)

    def get_queryset(self, request):
        if may_decide(request.user):
            return admin.ModelAdmin.get_queryset(self, request)
        return super().get_queryset(request)

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser or is_any_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser or is_any_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return False  # proposals are made from the setting's own page

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "may_decide": may_decide(request.user)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="workbench_settingproposal_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        proposal = self.get_queryset(request).filter(pk=pk).first()
        if proposal is None:
            raise Http404
        decision, reason = request.POST.get("decision"), request.POST.get("reason", "")
        try:
            if decision == "accept":
                proposals.accept_proposal(proposal, by=request.user, note=reason)
                self.message_user(request, _("已采纳并生效。"), messages.SUCCESS)
            elif decision == "decline":
                proposals.decline_proposal(proposal, by=request.user, reason=reason)
                self.message_user(request, _("已决定不采纳。"), messages.SUCCESS)
            else:
                return HttpResponseBadRequest(_("请选择采纳或不采纳。"))
        except SunlightError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:workbench_settingproposal_change", args=[proposal.pk]))
