"""The Qt shell: screens and widgets. No YAML, no flow rules, no file I/O here."""
