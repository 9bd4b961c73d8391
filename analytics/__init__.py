"""media-analytics: source attribution, tags and timelines over news corpora.

`analytics` computes and returns pandas DataFrames; `dashboard` only presents them.
"""

__version__ = "0.1.0"
