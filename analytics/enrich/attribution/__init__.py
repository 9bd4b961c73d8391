"""Source attribution: which news agencies an article credits, in which role, with evidence.

Definition: ../shared/spec/ATTRIBUTION.md. Modules:
- `registry`  the agency registry (agencies.toml plus a user's TOML file)
- `matcher`   one Aho-Corasick pass per text finds every registry name
- `cues`, `roles`, `furniture`  what a name's surroundings make of it
- `detect`    the public API: detect() and summarize()
- `evaluate`  scoring against a gold file
- `corpus`    Articles for a list of gold refs, read straight from the corpora
"""

from analytics.enrich.attribution.detect import Attribution, detect, summarize
from analytics.enrich.attribution.registry import Agency, Alias, Registry, RegistryError, load_registry

__all__ = ["Agency", "Alias", "Attribution", "Registry", "RegistryError", "detect", "load_registry", "summarize"]
