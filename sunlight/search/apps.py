from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "sunlight.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import synonyms
        from .models import Synonym

        # This process sees an edit at once; the others within synonyms.TTL_SECONDS.
        post_save.connect(synonyms.invalidate, sender=Synonym, dispatch_uid="search_synonyms_saved")
        post_delete.connect(synonyms.invalidate, sender=Synonym, dispatch_uid="search_synonyms_deleted")
