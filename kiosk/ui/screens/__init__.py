"""One module per screen. Each takes what it shows in its constructor and emits intent signals."""
