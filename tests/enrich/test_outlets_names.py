"""Property tests (hypothesis) of host and outlet-name normalisation: idempotent; blind to case,
whitespace, `www.`, a trailing dot, a port, a scheme and a path; a sub-domain of a registry host
always rolls up to that host's outlet; arbitrary text never raises."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from analytics.enrich.outlets import load_outlets, resolve_outlet
from analytics.enrich.outlets.names import EDITION_LABEL, fold_name, host_of, name_key, not_a_name

CASES = 1_000
CHECKS = settings(max_examples=CASES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
REGISTRY = load_outlets()
REGISTRY_HOSTS = sorted(REGISTRY.by_host)

LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=10).map(
    lambda s: s.strip("-") or "x"
)
SUFFIX = st.sampled_from(["com", "co.id", "id", "net", "org", "kr", "co.kr", "cn", "com.cn", "co.uk", "kp", "news"])
# canonical hosts: a first label `www`, `www2` ... is what normalisation removes, so none starts with one
HOSTS = st.builds(
    lambda labels, suffix: ".".join([*labels, suffix]), st.lists(LABEL, min_size=1, max_size=3), SUFFIX
).filter(lambda host: not re.match(r"www\d*\.", host))
SUB_SITE = LABEL.filter(lambda label: not EDITION_LABEL.fullmatch(label))
# raw names built from the pieces real ones are made of, and arbitrary text
NAME_PIECES = st.sampled_from(
    [
        "Kompas", "KOMPAS.com", "detik", "finance.detik.com", "Liputan6", ".com", ".co.id", "www.", "Tempo", "News",
        "Online", "&amp;", "&lt;a href=", "人民网", "연합뉴스", " ", "  ", "\t", ".", "-", "Stocks finished mixed in post",
        "editor.", "U.S.", "Inc.", "ǰ", "ß", "ﬁ", "\u00a0", "İ",
    ]
)  # fmt: skip
NAMES = st.one_of(st.text(), st.lists(NAME_PIECES, max_size=6).map("".join), HOSTS)


def variants(host: str, draw) -> str:
    """`host` written another way: case, spaces, www., a trailing dot, a port, a scheme and a path."""
    text = draw(st.sampled_from(["", "www.", "WWW.", "www2."])) + host
    upper = draw(st.integers(min_value=0, max_value=(1 << len(text)) - 1))  # which letters to capitalise
    text = "".join(c.upper() if upper >> i & 1 else c for i, c in enumerate(text))
    text += draw(st.sampled_from(["", "."]))
    text += draw(st.sampled_from(["", ":80", ":8443"]))
    if draw(st.booleans()):
        text = (
            draw(st.sampled_from(["http://", "https://", "HTTPS://", "//"]))
            + text
            + draw(st.sampled_from(["", "/", "/read/2025/06/18/1?utm=x#top"]))
        )
    return draw(st.sampled_from(["", " ", "\t"])) + text + draw(st.sampled_from(["", " ", "\n"]))


@CHECKS
@given(HOSTS, st.data())
def test_a_host_written_any_way_is_one_host(host, data):
    canonical = host_of(host)
    assert canonical == host
    assert host_of(variants(host, data.draw)) == canonical


@CHECKS
@given(st.one_of(st.text(), HOSTS))
def test_host_normalisation_is_idempotent_and_never_raises(text):
    host = host_of(text)
    assert host is None or host_of(host) == host


@CHECKS
@given(st.sampled_from(REGISTRY_HOSTS), st.lists(SUB_SITE, min_size=1, max_size=2), st.data())
def test_a_sub_domain_of_a_registry_host_rolls_up_to_its_outlet(host, labels, data):
    sub_domain = ".".join([*labels, host])
    assume(not any(h != host and (sub_domain + ".").endswith("." + h + ".") for h in REGISTRY_HOSTS))
    outlet_id = REGISTRY.by_host[host]
    match = resolve_outlet(REGISTRY, url=variants(sub_domain, data.draw), raw_name=None)
    assert (match.outlet_id, match.channel, match.method) == (outlet_id, ".".join(labels), "host")
    assert REGISTRY.outlet_named(variants(sub_domain, data.draw).strip().rstrip(".")) in (
        (outlet_id, ".".join(labels)),
        None,  # a variant with a scheme, port or path is a URL, not a name
    )
    assert REGISTRY.outlet_named(sub_domain.upper()) == (outlet_id, ".".join(labels))


@CHECKS
@given(NAMES)
@example("A\u0345")  # found by hypothesis: case folding gives a Greek iota, a look-alike of `i`
def test_name_normalisation_is_idempotent(raw):
    assert fold_name(fold_name(raw)) == fold_name(raw)
    assert name_key(name_key(raw)) == name_key(raw)


def ascii_swapcase(text: str) -> str:
    return "".join(c.swapcase() if c.isascii() else c for c in text)


@CHECKS
@given(NAMES, st.sampled_from(["", " ", "\t", " \n "]))
def test_case_and_whitespace_do_not_change_a_name(raw, space):
    respaced = space + re.sub(r"(\s+)", r"\1 ", raw) + space
    for variant in (ascii_swapcase(raw), respaced):
        assert fold_name(variant) == fold_name(raw)
        assert name_key(variant) == name_key(raw)
        assert REGISTRY.outlet_named(variant) == REGISTRY.outlet_named(raw)


@CHECKS
@given(NAMES, st.one_of(st.none(), st.text(), HOSTS))
def test_arbitrary_text_never_raises_and_none_has_a_reason(raw, url):
    not_a_name(raw)
    match = resolve_outlet(REGISTRY, url=url, raw_name=raw)
    assert (match.outlet_id is None) == (match.method == "none") == (match.reason is not None)
