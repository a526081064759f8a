"""Services without widgets: the content watcher, the watchdog, and others the app wires to its screens."""
