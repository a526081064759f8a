"""Services without widgets: they run beside the screens (speech, content watcher, metrics, alerts)."""
