"""The Plotly Dash dashboard: it presents what `analytics` computes."""
