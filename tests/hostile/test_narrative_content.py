"""Narrative images and cells: nothing is fetched from outside the council's folder, no code is run."""

from __future__ import annotations

import base64
import http.server
import json
import os
import shutil
import struct
import threading
import zlib
from html.parser import HTMLParser

import pytest

from kpilib._driver.build import build_paper
from kpilib._inputs.months import Month
from kpilib._render.pdf import write_pdf

from ..conftest import PARAMS

FEB = Month.parse("2019-02")


def png_1x1() -> bytes:
    """A valid one-pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def server():
    """A local HTTP server counting the requests it receives."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(png_1x1())

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()


class Sources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.srcs = []

    def handle_starttag(self, tag, attrs):
        self.srcs += [value for name, value in attrs if name in ("src", "href") and value]


@pytest.mark.e2e
def test_pdf_step_fetches_only_embedded_and_council_images(server, tmp_path):
    base, requests = server
    folder = tmp_path / "params" / "norfolk"
    folder.mkdir(parents=True)
    (folder / "logo.png").write_bytes(png_1x1())
    html = (
        f'<img src="{base}/x.png"><img src="/etc/hostname"><img src="../../x.png">'
        f'<link rel="stylesheet" href="{base}/style.css"><img src="logo.png">'
        f'<img src="file:///etc/passwd">'
    )
    refused = write_pdf(html, tmp_path / "x.pdf", folder)
    assert requests == []
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
    refused_urls = sorted(note.split()[3] for note in refused)
    assert refused_urls == sorted(
        [f"{base}/x.png", f"{base}/style.css", "file:///etc/hostname", f"file://{tmp_path}/x.png", "file:///etc/passwd"]
    )
    assert all(
        note.endswith("(a paper uses only its embedded images and image files inside norfolk/)") for note in refused
    )


@pytest.fixture(scope="module")
def hostile_narrative(server, tmp_path_factory):
    """Norfolk with a narrative holding remote and outside images, a code cell and a raw cell."""
    base, requests = server
    tmp_path = tmp_path_factory.mktemp("narrative")
    params_copy = tmp_path / "params"
    folder = params_copy / "norfolk"
    shutil.copytree(PARAMS / "norfolk", folder)
    (folder / "narrative" / "chart.png").write_bytes(png_1x1())
    path = folder / "narrative" / "2019-02.ipynb"
    before = path.read_bytes()
    notebook = json.loads(before)
    marker = tmp_path / "code-cell-ran"
    for number, cell in enumerate(notebook["cells"], start=1):
        source = "".join(cell["source"])
        if source.startswith("## Executive summary"):
            summary_cell = number
            cell["source"] = source + (
                f"\n\n![remote]({base}/x.png) ![etc](/etc/hostname) ![up](../../x.png) ![ours](narrative/chart.png)\n"
            )
    notebook["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": f"open({str(marker)!r}, 'w').write('ran')",
        }
    )
    notebook["cells"].append({"cell_type": "raw", "metadata": {}, "source": "<script>alert(1)</script>"})
    path.write_text(json.dumps(notebook), encoding="utf-8")
    before = path.read_bytes()
    outcome = build_paper("norfolk", FEB, params_copy, tmp_path / "outputs")
    html = (tmp_path / "outputs" / "2019-02" / "norfolk.html").read_text(encoding="utf-8")
    return outcome, html, requests, marker, len(notebook["cells"]), path.read_bytes() == before, summary_cell


def test_narrative_images_from_outside_the_council_are_not_fetched_nor_emitted(hostile_narrative, server):
    outcome, html, requests, *_, summary_cell = hostile_narrative
    base, _ = server
    assert outcome.status == "built", outcome.reason
    assert requests == []
    sources = Sources()
    sources.feed(html)
    assert not [s for s in sources.srcs if "127.0.0.1" in s or "hostname" in s or "../" in s]
    for alt in ("remote", "etc", "up"):
        assert f"[image not shown: {alt}]" in html
    prefix = f"warning: norfolk 2019-02: 2019-02.ipynb: cell {summary_cell}: image "
    assert [w[len(prefix) :] for w in outcome.warnings if w.startswith(prefix)] == [
        f"'{base}/x.png' refused: only image files inside the council's params folder are shown",
        "'/etc/hostname' refused: it is outside the council's folder norfolk/",
        "'../../x.png' refused: it is outside the council's folder norfolk/",
    ]


def test_narrative_image_inside_the_council_folder_is_embedded(hostile_narrative):
    _, html, *_ = hostile_narrative
    sources = Sources()
    sources.feed(html)
    assert "data:image/png;base64," + base64.b64encode(png_1x1()).decode() in sources.srcs
    assert "[image not shown: ours]" not in html


def test_code_and_raw_cells_are_ignored_with_a_warning_naming_the_cell(hostile_narrative):
    outcome, html, _, marker, cells, untouched, _ = hostile_narrative
    assert not marker.exists()
    assert "&lt;script&gt;" not in html and "<script" not in html
    assert [w for w in outcome.warnings if "is a code cell" in w or "is a raw cell" in w] == [
        f"warning: norfolk 2019-02: 2019-02.ipynb: cell {cells - 1} is a code cell: ignored, never run "
        "(the narrative is Markdown text only)",
        f"warning: norfolk 2019-02: 2019-02.ipynb: cell {cells} is a raw cell: ignored, never run "
        "(the narrative is Markdown text only)",
    ]
    assert untouched


@pytest.mark.e2e
def test_image_paths_that_are_no_plain_file_inside_the_folder_are_refused_without_a_crash(tmp_path):
    from kpilib._inputs.images import read_image
    from kpilib._render.html import markdown

    folder = tmp_path / "council"
    (folder / "narrative").mkdir(parents=True)
    (folder / "loop1").symlink_to("loop2")
    (folder / "loop2").symlink_to("loop1")
    os.mkfifo(folder / "narrative" / "pipe.png")  # reading it would wait for ever
    (folder / "narrative" / "out.png").symlink_to("/etc/hostname")
    read = {src: read_image(src, folder) for src in ("x%00.png", "loop1", "narrative/pipe.png", "narrative/out.png")}
    html = markdown(
        "![a](x%00.png) ![b](loop1) ![c](narrative/pipe.png) ![d](narrative/out.png)",
        {s: r[0] for s, r in read.items()},
    )
    assert html == ("<p>[image not shown: a] [image not shown: b] [image not shown: c] [image not shown: d]</p>\n")
    assert [why for _, why in read.values()] == [
        "image 'x%00.png' refused: not a path to a file",
        "image 'loop1' refused: not a path to a file",
        "image 'narrative/pipe.png' refused: not a PNG, JPEG, GIF or WebP file of at most 5 MB inside council/",
        "image 'narrative/out.png' refused: it is outside the council's folder council/",
    ]


def test_an_image_whose_content_is_not_what_its_name_says_is_refused(tmp_path):
    """WeasyPrint reads a file that is no raster image as SVG, and nested <use> elements make a
    1.6 KB 'PNG' take minutes: an image is shown only when its first bytes are its kind's."""
    from kpilib._inputs.images import read_image
    from kpilib._render.html import markdown

    folder = tmp_path / "council"
    (folder / "narrative").mkdir(parents=True)
    (folder / "narrative" / "bomb.png").write_text("<svg xmlns='http://www.w3.org/2000/svg'><g id='a'/></svg>")
    (folder / "narrative" / "real.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    bomb, real = read_image("narrative/bomb.png", folder), read_image("narrative/real.png", folder)
    assert bomb == ("", "image 'narrative/bomb.png' refused: its content is not the image/png its name says")
    html = markdown("![bomb](narrative/bomb.png) ![real](narrative/real.png)", {"narrative/real.png": real[0]})
    assert "[image not shown: bomb]" in html
    assert 'src="data:image/png;base64,iVBORw0KGgo' in html
