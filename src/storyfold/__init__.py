"""storyfold: fold news articles into stories, and each story into a briefing traced to its sources."""
from __future__ import annotations

__version__ = "0.1.0"
