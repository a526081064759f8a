"""The ``alerts:`` block: every mistake at its line and column, plain http:// outside the clinic warned about."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import ContentError, load
from kiosk.content.urls import is_local, plain_http_warning, url_error
from kiosk.model.content import Alerts
from tests.helpers import BUNDLED, MINIMAL, write

# MINIMAL has 13 lines: the block starts on line 14.
GOOD = MINIMAL + """\
alerts:
  webhooks:
    - https://ntfy.example.org/front-desk
    - http://192.168.1.20:8123/api/webhook/kiosk-alert
  format: ntfy
  name: Waiting room 2
  chime: false
  volume: 0.5
  button_everywhere: true
"""


def problems(text: str, tmp_path: Path) -> list[tuple[int, int, str, str]]:
    with pytest.raises(ContentError) as info:
        load(write(tmp_path, text))
    return [(p.mark.line, p.mark.column, p.severity, p.message) for p in info.value.problems]


def test_a_full_block_loads_into_the_model(tmp_path: Path) -> None:
    content = load(write(tmp_path, GOOD))
    assert content.alerts == Alerts(
        webhooks=("https://ntfy.example.org/front-desk", "http://192.168.1.20:8123/api/webhook/kiosk-alert"),
        format="ntfy", name="Waiting room 2", chime=False, volume=0.5, button_everywhere=True)
    assert content.warnings == ()  # a private address over http:// is inside the clinic


def test_no_block_keeps_the_kiosk_quiet(tmp_path: Path) -> None:
    assert load(write(tmp_path, MINIMAL)).alerts is None


def test_an_empty_block_takes_the_defaults(tmp_path: Path) -> None:
    content = load(write(tmp_path, MINIMAL + "alerts:\n  chime: true\n"))
    assert content.alerts == Alerts(webhooks=(), format="json", name=None, chime=True, volume=0.8,
                                    button_everywhere=False)


def test_the_bundled_file_sends_nothing() -> None:
    alerts = load(BUNDLED).alerts
    assert alerts is None or alerts.webhooks == ()


def test_every_mistake_at_its_line_and_column(tmp_path: Path) -> None:
    text = GOOD.replace("https://ntfy.example.org", "ftp://ntfy.example.org").replace(
        "format: ntfy", "format: slak").replace("chime: false", "chime: loud").replace("volume: 0.5", "volume: 1.5")
    assert problems(text, tmp_path) == [
        (16, 7, "error", "item 1 of 'webhooks' in 'alerts' is 'ftp://ntfy.example.org/front-desk'; it should be an "
                         "address starting with https:// (or http:// inside the clinic's network)"),
        (18, 11, "error", "'format' in 'alerts' is 'slak', which is not one of: json, slack, ntfy "
                          "(did you mean 'slack'?)"),
        (20, 10, "error", "'chime' in 'alerts' should be true or false, not the text 'loud'"),
        (21, 11, "error", "'volume' in 'alerts' is 1.5; it should be from 0 to 1"),
    ]


@pytest.mark.parametrize("volume", ["-0.1", "loud"])
def test_volume_below_zero_or_not_a_number(volume: str, tmp_path: Path) -> None:
    found = problems(GOOD.replace("volume: 0.5", f"volume: {volume}"), tmp_path)
    assert [(line, column) for line, column, _, _ in found] == [(21, 11)]
    assert "'volume' in 'alerts'" in found[0][3]


def test_an_address_without_a_server_is_an_error(tmp_path: Path) -> None:
    found = problems(GOOD.replace("https://ntfy.example.org/front-desk", "https:///front-desk"), tmp_path)
    assert found == [(16, 7, "error", "item 1 of 'webhooks' in 'alerts' is 'https:///front-desk'; it should be a "
                                      "whole web address with a server name, like https://ntfy.example.org/front-desk")]


def test_webhooks_must_be_a_list(tmp_path: Path) -> None:
    text = MINIMAL + "alerts:\n  webhooks: https://ntfy.example.org/front-desk\n"
    found = problems(text, tmp_path)
    assert found[0][:3] == (15, 13, "error") and "should be a list" in found[0][3]


def test_unknown_key_offers_the_right_one(tmp_path: Path) -> None:
    found = problems(MINIMAL + "alerts:\n  webhook: []\n", tmp_path)
    assert found == [(15, 3, "error", "unknown key 'webhook' in 'alerts' (did you mean 'webhooks'?)")]


def test_plain_http_across_the_internet_is_a_warning_that_still_loads(tmp_path: Path) -> None:
    content = load(write(tmp_path, GOOD.replace("https://ntfy.example.org", "http://ntfy.example.org")))
    assert [(p.mark.line, p.mark.column, p.severity, p.message) for p in content.warnings] == [
        (16, 7, "warning", "item 1 of 'webhooks' in 'alerts': the alert to ntfy.example.org would cross the "
                           "internet unencrypted (http://); use https://, or an address inside the clinic's network")]
    assert content.alerts is not None and content.alerts.webhooks[0] == "http://ntfy.example.org/front-desk"


def test_a_warning_does_not_hide_errors_elsewhere(tmp_path: Path) -> None:
    text = GOOD.replace("https://ntfy.example.org", "http://ntfy.example.org").replace("chime: false", "chime: 2")
    found = problems(text, tmp_path)
    assert [(line, severity) for line, _, severity, _ in found] == [(20, "error"), (16, "warning")]


@pytest.mark.parametrize("host", ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.20", "[::1]", "[fd00::5]",
                                  "localhost", "homeassistant", "ha.local", "ntfy.lan", "desk.home.arpa",
                                  "169.254.1.1"])
def test_plain_http_inside_the_clinic_is_fine(host: str) -> None:
    assert plain_http_warning(f"http://{host}:8080/hook") is None
    assert is_local(host)


@pytest.mark.parametrize("host", ["8.8.8.8", "example.org", "hooks.slack.com", "[2001:4860::8888]"])
def test_plain_http_outside_warns_and_https_never_does(host: str) -> None:
    assert plain_http_warning(f"http://{host}/hook") is not None
    assert plain_http_warning(f"https://{host}/hook") is None


@pytest.mark.parametrize("url", ["ftp://x.org/a", "mailto:desk@x.org", "x.org/hook", "https://", "http://x.org:port/",
                                 "https://x.org/a b"])
def test_unusable_addresses(url: str) -> None:
    assert url_error(url) is not None


def test_usable_addresses() -> None:
    assert url_error("HTTPS://ntfy.example.org:8443/desk?x=1") is None
    assert url_error("http://[::1]:9/") is None


def test_every_recipe_in_the_alerts_guide_loads_without_a_warning(tmp_path: Path) -> None:
    import re

    guide = (BUNDLED.parent / "docs" / "alerts.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", guide, flags=re.S) if re.match(r"(#.*\n)*alerts:", b)]
    assert len(blocks) >= 4
    for block in blocks:
        content = load(write(tmp_path, MINIMAL + block))
        assert content.alerts is not None and content.alerts.webhooks, block
        assert content.warnings == (), block


def test_the_commented_block_in_the_bundled_file_loads_when_uncommented(tmp_path: Path) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    block = text[text.index("# alerts:"):]
    uncommented = "\n".join(line.removeprefix("# ") for line in block.splitlines() if line.startswith("# ")) + "\n"
    (tmp_path / "icons").symlink_to(BUNDLED.parent / "icons")
    content = load(write(tmp_path, text + "\n" + uncommented))
    assert content.alerts is not None and content.alerts.webhooks
