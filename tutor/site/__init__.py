"""The team site's page generator: curriculum, notebooks and team summaries in, Markdown out.

The core of the site, independent of any site engine: the MkDocs plugin and `tutor site
export` both hand its pages to an engine.
"""

from __future__ import annotations

from tutor.site.model import RenderedNotebook, Site, SiteOptions

__all__ = ["RenderedNotebook", "Site", "SiteOptions"]
