"""Who may reach ``serve`` and where its key comes from: the refusals are one line each,
and a key file or the environment is read as the user wrote it."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.localserver.exposure import (
    KEY_ENV,
    ServeRefused,
    is_loopback,
    read_key_file,
    serve_key,
)


@pytest.mark.parametrize(("host", "loopback"), [
    ("localhost", True), ("LocalHost", True), ("127.0.0.2", True), ("[::1]", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.5", False),
    ("studio.local", False),  # a name we do not resolve: assumed to reach the network
])
def test_which_hosts_are_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_the_first_line_of_a_key_file_is_the_key(tmp_path: Path) -> None:
    path = tmp_path / "key"
    path.write_text("\n  sk-local-1  \nsecond line\n")
    assert read_key_file(path) == "sk-local-1"


@pytest.mark.parametrize(("content", "fragment"), [
    (None, "cannot read the API key file {path}: No such file or directory"),
    (b"\xff\xfe\x00 not utf-8", "cannot read the API key file {path}: UnicodeDecodeError"),
    (b" \n\t\n", "the API key file {path} is empty"),
])
def test_an_unusable_key_file_refuses_to_serve(tmp_path: Path, content: bytes | None,
                                               fragment: str) -> None:
    path = tmp_path / "key"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ServeRefused) as info:
        read_key_file(path)
    assert str(info.value) == fragment.format(path=path)
    assert "\n" not in str(info.value)


def test_a_key_given_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "key"
    path.write_text("k")
    with pytest.raises(ServeRefused, match="give the key once"):
        serve_key(host="127.0.0.1", api_key="k", api_key_file=path, insecure_no_auth=False,
                  environ={})


def test_where_the_key_comes_from_and_what_is_said() -> None:
    kw = {"host": "0.0.0.0", "api_key_file": None, "insecure_no_auth": False}
    assert serve_key(api_key=None, environ={KEY_ENV: "  env-key \n"}, **kw) == ("env-key", [])
    key, warnings = serve_key(api_key="cli-key", environ={KEY_ENV: "env-key"}, **kw)
    assert key == "cli-key" and len(warnings) == 1 and "--api-key-file" in warnings[0]
    with pytest.raises(ServeRefused, match="--insecure-no-auth"):
        serve_key(api_key=None, environ={KEY_ENV: "  "}, **kw)
    assert serve_key(host="localhost", api_key=None, api_key_file=None,
                     insecure_no_auth=False, environ={}) == (None, [])
