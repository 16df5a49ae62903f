"""Images people send stay private until an editor publishes the page that shows them.

* ``image_without_metadata`` re-encodes an upload with Pillow: EXIF (GPS included), XMP,
  comments and text chunks are dropped; the orientation the camera recorded is applied first.
* Stored images go into the private collection. Wagtail's ``/api/v2/images/`` leaves that
  collection out, and ``media_serve`` refuses its originals and renditions to anyone who cannot
  edit images.
* When a case study is published its image moves to the public root collection; when it is
  unpublished an image sent with a story moves back.
* The stored file name is random: it names nobody and cannot be guessed.
"""

import io
import logging
import mimetypes
import posixpath
import secrets

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection

from PIL import Image, ImageOps

from cms.editorial.models import CaseStudyPage
from intake.engagement.models import SuccessStory

logger = logging.getLogger("cms.security.uploads")

PRIVATE_COLLECTION_NAME = "Sent with success stories (private until published)"
_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}


def private_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=PRIVATE_COLLECTION_NAME).first()
    return existing or root.add_child(name=PRIVATE_COLLECTION_NAME)


def image_without_metadata(upload, *, extension: str) -> ContentFile:
    """The upload re-encoded in its own format, with no metadata at all."""
    image_format = _FORMATS[extension]
    upload.seek(0)
    out = io.BytesIO()
    with Image.open(upload) as original:
        if image_format == "GIF":
            original.info = {}
            original.save(out, "GIF", save_all=True)
        else:
            picture = ImageOps.exif_transpose(original)
            picture.info = {}
            if image_format == "JPEG":
                picture.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
            else:
                picture.save(out, image_format)
    upload.seek(0)
    return ContentFile(out.getvalue(), name=f"story-{secrets.token_urlsafe(12)}.{extension}")


def image_store_private(*, upload, title: str, alt_text: str, extension: str):
    """Store a person's upload as a private Wagtail image, metadata stripped."""
    image = get_image_model()(title=title, description=alt_text, collection=private_collection())
    image.file = image_without_metadata(upload, extension=extension)
    image.save()
    return image


def image_is_private(image) -> bool:
    return image.collection.name == PRIVATE_COLLECTION_NAME and image.collection.depth == 2


def _story_image_ids() -> set[int]:
    return set(SuccessStory.objects.filter(image__isnull=False).values_list("image_id", flat=True))


def _page_image(page):
    """The page's image as stored now (the page may hold an older copy)."""
    image_id = getattr(page, "image_id", None)
    if image_id is None:
        return None
    return get_image_model().objects.select_related("collection").filter(pk=image_id).first()


def on_case_study_published(sender, instance, **kwargs) -> None:
    image = _page_image(instance)
    if image is not None and image_is_private(image):
        image.collection = Collection.get_first_root_node()
        image.save(update_fields=["collection"])
        logger.info("story image made public", extra={"image": image.pk, "page": instance.pk})


def on_case_study_unpublished(sender, instance, **kwargs) -> None:
    image = _page_image(instance)
    if image is not None and image.pk in _story_image_ids() and not image_is_private(image):
        image.collection = private_collection()
        image.save(update_fields=["collection"])
        logger.info("story image made private", extra={"image": image.pk, "page": instance.pk})


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Wagtail's images endpoint without the private collection."""

    def get_queryset(self):
        # By id: ``?search=`` can only filter on the fields the search index declares.
        private = Collection.objects.filter(name=PRIVATE_COLLECTION_NAME, depth=2)
        return (
            super()
            .get_queryset()
            .exclude(collection_id__in=list(private.values_list("pk", flat=True)))
        )


def _image_for_media_path(path: str):
    image_model = get_image_model()
    image = image_model.objects.filter(file=path).select_related("collection").first()
    if image is None:
        rendition = (
            image_model.get_rendition_model()
            .objects.filter(file=path)
            .select_related("image__collection")
            .first()
        )
        image = rendition.image if rendition else None
    return image


def media_serve(request, path: str):
    """Uploaded files from the default storage; private images only to people who edit them."""
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or not default_storage.exists(path):
        raise Http404
    image = _image_for_media_path(path)
    if image is not None and image_is_private(image):
        user = request.user
        if not (user.is_authenticated and user.has_perm("wagtailimages.change_image")):
            raise Http404
        if not user.is_active:
            raise PermissionDenied
    content_type, _ = mimetypes.guess_type(path)
    response = FileResponse(
        default_storage.open(path), content_type=content_type or "application/octet-stream"
    )
    if image is not None and image_is_private(image):
        response["Cache-Control"] = "private, no-store"
    return response


def connect_signals() -> None:
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(
        on_case_study_published, sender=CaseStudyPage, dispatch_uid="hubsecurity-image-publish"
    )
    page_unpublished.connect(
        on_case_study_unpublished, sender=CaseStudyPage, dispatch_uid="hubsecurity-image-private"
    )
