"""Who the client is (core/clients.py): REMOTE_ADDR, or X-Forwarded-For through trusted proxies."""

import pytest
from django.test import RequestFactory

from core.checks import trusted_proxies
from core.clients import client_address, client_key

PROXIES = ["10.0.0.0/8", "2001:db8:ffff::/48"]


def request(remote="10.0.0.5", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_with_no_trusted_proxy_the_client_is_the_peer_and_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        # One proxy of ours: the address it saw.
        ("10.0.0.5", "203.0.113.7", "203.0.113.7"),
        # The client wrote addresses of its own to the left: ignored.
        ("10.0.0.5", "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        # Two proxies of ours in a row: the right-most address outside them.
        ("10.0.0.5", "1.2.3.4, 203.0.113.7, 10.1.1.1", "203.0.113.7"),
        # Garbage a proxy never writes stops the walk at the last address one wrote.
        ("10.0.0.5", "203.0.113.7, not-an-ip, 10.1.1.1", "10.1.1.1"),
        # No header: the proxy itself.
        ("10.0.0.5", None, "10.0.0.5"),
        # A peer that is not our proxy cannot forward anything.
        ("192.0.2.50", "203.0.113.7", "192.0.2.50"),
        # IPv6 through an IPv6 proxy.
        ("2001:db8:ffff::1", "2001:db8:1:2::99", "2001:db8:1:2::99"),
    ],
)
def test_through_trusted_proxies_the_client_is_the_right_most_untrusted_address(
    settings, remote, forwarded, client
):
    settings.TRUSTED_PROXIES = PROXIES
    assert client_address(request(remote, forwarded)) == client


def test_limits_count_an_ipv6_client_by_its_64_network(settings):
    settings.TRUSTED_PROXIES = []
    one = client_key(request("2001:db8:1:2::1"))
    other = client_key(request("2001:db8:1:2:aaaa::7"))
    assert one == other == "2001:db8:1:2::/64"
    assert client_key(request("2001:db8:1:3::1")) != one
    assert client_key(request("::ffff:203.0.113.7")) == "203.0.113.7"
    assert client_key(request("203.0.113.7")) == "203.0.113.7"


def test_a_mistyped_proxy_network_is_a_system_check_error(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "10.0.0/8x"]
    errors = trusted_proxies(None)
    assert [error.id for error in errors] == ["townhall.E001"]
    assert "10.0.0/8x" in errors[0].msg
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "::1"]
    assert trusted_proxies(None) == []
