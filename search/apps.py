from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "hub_search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models are loaded only now (AppConfig.ready); these modules import them.
        from django.core.signals import request_finished
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms.cache import rows_watch
        from cms.editorial.models import Organisation
        from intake.models import UserGroup
        from search import personal_data
        from search import signal_handlers as h
        from search.models import Synonym
        from themes.models import Theme

        uid = "hub_search"
        post_save.connect(h.group_saved, sender=UserGroup, dispatch_uid=f"{uid}:group_saved")
        post_delete.connect(h.group_deleted, sender=UserGroup, dispatch_uid=f"{uid}:group_deleted")
        for field in ("themes", "producing_organisations", "regions", "audiences"):
            m2m_changed.connect(
                h.group_relations_changed,
                sender=getattr(UserGroup, field).through,
                dispatch_uid=f"{uid}:group_{field}",
            )
        page_published.connect(h.page_published, dispatch_uid=f"{uid}:page_published")
        page_unpublished.connect(h.page_unpublished, dispatch_uid=f"{uid}:page_unpublished")
        post_page_move.connect(h.page_moved, dispatch_uid=f"{uid}:page_moved")
        post_delete.connect(h.page_deleted, dispatch_uid=f"{uid}:page_deleted")
        for signal, name in ((post_save, "privacy_save"), (post_delete, "privacy_del")):
            signal.connect(
                h.page_privacy_changed, sender=PageViewRestriction, dispatch_uid=f"{uid}:{name}"
            )
        post_save.connect(h.theme_saved, sender=Theme, dispatch_uid=f"{uid}:theme_saved")
        post_save.connect(
            h.organisation_saved, sender=Organisation, dispatch_uid=f"{uid}:organisation_saved"
        )
        rows_watch(Synonym)
        personal_data.register_personal_data()
        request_finished.connect(h.drain_after_request, dispatch_uid=f"{uid}:drain")
