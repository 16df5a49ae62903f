"""JSON endpoints of this app, mounted under /api/ by cms/api.py."""

from ninja import Router

router = Router()
