"""StreamField blocks for the hub's pages.

Every block that holds a chooser or a choice overrides ``get_api_representation`` so the
headless API returns readable JSON (labels, URLs, renditions with alt text) rather than ids.
"""

from cms.editorial.blocks.content import (
    CalloutBlock,
    ContentStreamBlock,
    DocumentBlock,
    EmbedBlock,
    HeadingBlock,
    ImageBlock,
    TableBlock,
)
from cms.editorial.blocks.strategy import DeliverableBlock, GoalBlock, PhaseBlock, Status
from cms.editorial.blocks.tips import TipBlock, TipsStreamBlock

__all__ = [
    "CalloutBlock",
    "ContentStreamBlock",
    "DeliverableBlock",
    "DocumentBlock",
    "EmbedBlock",
    "GoalBlock",
    "HeadingBlock",
    "ImageBlock",
    "PhaseBlock",
    "Status",
    "TableBlock",
    "TipBlock",
    "TipsStreamBlock",
]
