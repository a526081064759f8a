"""The kiosk's Qt controllers, one job each; kiosk.app builds them and connects their signals."""
