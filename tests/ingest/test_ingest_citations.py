"""A document's citation, cited again with more to say (the URL it came from), is
one citation, not two."""

from __future__ import annotations

from pathlib import Path

from npl_tui.ingest.yindeng_pdf import read_document
from npl_tui.ingest.yindeng_rows import merge

LIXIAN = Path(__file__).resolve().parents[1] / "fixtures" / "yindeng_pdf" / "listing_lixian_rcb_2023-1.pdf"


def test_the_same_file_with_its_url_replaces_its_citation():
    bare = merge([], [read_document(LIXIAN)], [])  # type: ignore[list-item]
    url = "https://example.org/yd/listing_lixian_rcb_2023-1.pdf"
    with_url = merge(bare.rows, [read_document(LIXIAN, url=url)], [])  # type: ignore[list-item]
    (row,) = with_url.rows
    assert row["source"].count("sha256:a744012398a4") == 1
    assert url in row["source"]
    assert with_url.updated == [row["id"]]
    again = merge(with_url.rows, [read_document(LIXIAN)], [])  # type: ignore[list-item]
    assert again.rows == with_url.rows and not again.updated
