from django.utils.translation import gettext_lazy as _

from sunlight.modules import ALL_ACTS, ModuleConfig


class SearchConfig(ModuleConfig):
    name = "sunlight.search"
    label = "search"
    layer = "kernel"
    jobs_module = "tasks"
    verbose_name = _("全文检索")
    verb_prefixes = {"search.synonym": _("搜索同义词")}
    admin_managed = {"synonym": ALL_ACTS}

    def ready(self) -> None:
        super().ready()
        from django.db.models.signals import post_delete, post_save

        from . import synonyms
        from .models import Synonym

        # This process sees an edit at once; the others within synonyms.TTL_SECONDS.
        post_save.connect(synonyms.invalidate, sender=Synonym, dispatch_uid="search_synonyms_saved")
        post_delete.connect(synonyms.invalidate, sender=Synonym, dispatch_uid="search_synonyms_deleted")
