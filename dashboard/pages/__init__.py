"""The dashboard's pages (Dash Pages), one module each; they only lay out components.
Their callbacks are registered per app in `dashboard.callbacks`."""
