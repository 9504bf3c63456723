"""The sources registry: files, text overrides (the demo's filled-in template), validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.crawl.sources import SOURCES_DIR, Politeness, SourceError, load_sources, source_for_url

TEXT = """
[[source]]
id = "demo-trs-ministry"
name = "演示 部委 政府信息公开年报"
urls = ["http://127.0.0.1:8001/gkml/ndbg/index.html"]
region = "central"
agency = "中华人民共和国生态环境部"
dialect = "trs"
[source.dialect_params]
count = 3
[source.politeness]
min_delay = 0.0
concurrency = 2
allowed_domains = ["files.example.gov.cn"]

[[source]]
id = "gd-gkmlpt"
url = "http://www.example.gov.cn/gkmlpt/index#2571"
"""


def test_text_override_reads_every_field() -> None:
    first, second = load_sources(TEXT)
    assert first.id == "demo-trs-ministry"
    assert first.urls == ("http://127.0.0.1:8001/gkml/ndbg/index.html",)
    assert (first.region, first.agency, first.dialect) == ("central", "中华人民共和国生态环境部", "trs")
    assert first.dialect_params == {"count": 3}
    assert first.politeness.min_delay == 0.0 and first.politeness.concurrency == 2
    assert first.politeness.allowed_domains == ("files.example.gov.cn",)
    assert first.politeness.max_bytes == Politeness().max_bytes  # untouched defaults stay
    assert second.urls == ("http://www.example.gov.cn/gkmlpt/index#2571",)
    assert second.dialect is None and second.region is None and second.politeness == Politeness()


def test_defaults_are_polite() -> None:
    polite = Politeness()
    assert polite.min_delay >= 1.0 and polite.concurrency == 1
    assert polite.max_bytes == 50 * 1024 * 1024


def test_repository_registry_loads_and_skips_templates() -> None:
    sources = load_sources()
    assert sources, "sources/*.toml holds real example sources"
    assert all("{" not in url for s in sources for url in s.urls)
    assert len({s.id for s in sources}) == len(sources)
    assert all(s.origin.startswith(str(SOURCES_DIR)) for s in sources)


def test_folder_skips_placeholder_sources_but_a_named_file_does_not(tmp_path: Path) -> None:
    template = tmp_path / "demo.toml"
    template.write_text('[[source]]\nid = "t"\nurls = ["{trs_ministry}/gkml/ndbg/index.html"]\n', encoding="utf-8")
    (tmp_path / "real.toml").write_text('[[source]]\nid = "r"\nurls = ["https://www.mee.gov.cn/"]\n', encoding="utf-8")
    assert [s.id for s in load_sources(tmp_path)] == ["r"]
    with pytest.raises(SourceError, match="placeholder"):
        load_sources(template)
    assert [s.id for s in load_sources([tmp_path / "real.toml", TEXT])] == ["r", "demo-trs-ministry", "gd-gkmlpt"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[source]]\nid = "a"\nurls = ["ftp://x/"]\n', "not an http"),
        ('[[source]]\nid = "a"\nurls = []\n', "no urls"),
        ('[[source]]\nurls = ["http://x/"]\n', "missing id"),
        ('[[source]]\nid = "a"\nurls = ["http://x/"]\ndialect = "wordpress"\n', "dialect"),
        ('[[source]]\nid = "a"\nurls = ["http://x/"]\nurl_typo = 1\n', "unknown key"),
        ('[[source]]\nid = "a"\nurls = ["http://x/"]\n[source.politeness]\nmin_dealy = 1\n', "unknown politeness"),
        ('[[source]]\nid = "a"\nurls = ["http://x/"]\n[[source]]\nid = "a"\nurls = ["http://y/"]\n', "duplicate"),
        ("[[source]]\nid = ", "not valid TOML"),
    ],
)
def test_bad_registries_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        load_sources(text)


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found"):
        load_sources(tmp_path / "nope.toml")


def test_start_url_source_needs_no_configuration() -> None:
    source = source_for_url("http://127.0.0.1:9000/col/col123/index.html")
    assert source.id.startswith("url-127-0-0-1-9000-")
    assert source.urls == ("http://127.0.0.1:9000/col/col123/index.html",)
    assert source.dialect is None and source.politeness == Politeness()
    with pytest.raises(SourceError):
        source_for_url("file:///etc/passwd")
