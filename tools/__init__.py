"""Tools that test and measure the kiosk (monkey, fuzz, bench): run from the project folder, never installed."""
