"""Fetching handwriting faces from the npm registry, without the network: a package tarball is
built here from a real Debian font, laid out as @fontsource publishes it, and served from a
file:// "registry"."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
from pathlib import Path

import pytest

from text_recognizer.data import font_packages
from text_recognizer.data.synthetic_lines import (
    HELDOUT_HANDWRITING, HELDOUT_PRINTED, _WEIGHT_SUFFIX, discover_fonts, select_fonts,
)

COMIC_NEUE = Path("/usr/share/fonts/opentype/comic-neue/ComicNeue-Regular.otf")


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _package(font: bytes, name: str) -> bytes:
    """A tarball shaped like @fontsource/<name>: CSS, several subsets, WOFF and WOFF2."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for member, data in [
            ("package/package.json", b"{}"),
            ("package/latin-400.css", b"@font-face {}"),
            (f"package/files/{name}-latin-400-normal.woff", font),
            (f"package/files/{name}-latin-400-normal.woff2", b"woff2 bytes"),
            (f"package/files/{name}-latin-ext-400-normal.woff", b"other subset"),
            (f"package/files/{name}-vietnamese-400-normal.woff", b"other subset"),
        ]:
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.fixture()
def registry(tmp_path: Path) -> tuple[str, dict[str, tuple[str, str]]]:
    if not COMIC_NEUE.exists():
        pytest.skip("fonts-comic-neue is not installed (scripts/setup.sh installs it)")
    tgz = _package(COMIC_NEUE.read_bytes(), "scribble")
    folder = tmp_path / "registry" / "@fontsource" / "scribble" / "-"
    folder.mkdir(parents=True)
    (folder / "scribble-1.2.3.tgz").write_bytes(tgz)
    return (tmp_path / "registry").as_uri(), {"scribble": ("1.2.3", _integrity(tgz))}


def test_fetch_keeps_latin_woff_and_discovery_calls_it_handwriting(tmp_path, registry):
    url, pins = registry
    dest = tmp_path / "fonts"
    files = font_packages.fetch(dest, pins, registry=url, log=lambda *_: None)
    assert [p.name for p in files] == ["scribble-latin-400-normal.woff"]
    assert files[0].parent == dest / "handwriting" / "scribble-1.2.3"

    found = discover_fonts((str(dest),))
    assert [(f.family, f.kind, f.heldout) for f in found] == [("Comic Neue", "handwriting", False)]
    assert select_fonts(found, "handwriting", False)[0].path == str(files[0])

    # a second fetch uses what is there: the registry is not asked again
    (tmp_path / "registry").rename(tmp_path / "gone")
    assert font_packages.fetch(dest, pins, registry=url, log=lambda *_: None) == files


def test_fetch_refuses_bytes_that_do_not_match_the_pin(tmp_path, registry):
    url, pins = registry
    wrong = {"scribble": ("1.2.3", _integrity(b"something else"))}
    with pytest.raises(ValueError, match="integrity mismatch"):
        font_packages.fetch(tmp_path / "fonts", wrong, registry=url, log=lambda *_: None)
    assert not (tmp_path / "fonts" / "handwriting" / "scribble-1.2.3").exists()


def test_weight_names_are_taken_off_fetched_families():
    """Google Fonts names each static weight as its own family; sampling is per family, so
    without this Mali's 12 files would count as 6 families and Kristi's 1 as one."""
    assert _WEIGHT_SUFFIX.sub("", "Mali SemiBold") == "Mali"
    assert _WEIGHT_SUFFIX.sub("", "Gluten ExtraLight") == "Gluten"
    assert _WEIGHT_SUFFIX.sub("", "Caveat") == "Caveat"
    assert _WEIGHT_SUFFIX.sub("", "Boldini Script") == "Boldini Script"


def test_fetched_text_faces_are_printed_and_probe_faces_are_never_discovered(tmp_path, registry):
    """The folder, not the family name, says what a fetched face is: Comic Neue is one of
    `HANDWRITING_FAMILIES`, yet fetched as a text face it trains as printed. The probe's folder
    is not read at all, so its faces can never become training faces."""
    url, pins = registry
    dest = tmp_path / "fonts"
    printed = font_packages.fetch(dest, pins, registry=url, log=lambda *_: None, subdir=font_packages.PRINTED_SUBDIR)
    assert printed[0].parent == dest / "printed" / "scribble-1.2.3"
    probe = font_packages.fetch(dest, pins, registry=url, log=lambda *_: None, subdir=font_packages.PROBE_SUBDIR)
    assert probe[0].parent == dest / "probe" / "printed" / "scribble-1.2.3"

    found = discover_fonts((str(dest),))
    assert [(f.path, f.family, f.kind, f.heldout) for f in found] == [(str(printed[0]), "Comic Neue", "printed", False)]
    # the benchmark reads the probe's faces from its own folder, classified the same way
    assert [(f.path, f.kind) for f in discover_fonts((str(dest / "probe"),))] == [(str(probe[0]), "printed")]


def test_pins_are_well_formed_and_never_a_validation_face():
    assert len(font_packages.PACKAGES) >= 90
    assert len(font_packages.PRINTED_PACKAGES) == len(font_packages.PROBE_PACKAGES) == 42
    held = HELDOUT_HANDWRITING + HELDOUT_PRINTED
    every = {**font_packages.PACKAGES, **font_packages.PRINTED_PACKAGES, **font_packages.PROBE_PACKAGES}
    for name, (version, integrity) in every.items():
        assert integrity.startswith("sha512-") and len(base64.b64decode(integrity[7:])) == 64, name
        assert version.count(".") == 2, name
        assert not any(h.replace(" ", "-") in name for h in held), name


def test_the_probe_faces_are_none_of_the_training_faces():
    """`benchmarks/web_fonts.py` measures faces the model has not seen only if no list shares a package."""
    packages = [set(font_packages.PACKAGES), set(font_packages.PRINTED_PACKAGES), set(font_packages.PROBE_PACKAGES)]
    assert sum(len(p) for p in packages) == len(set().union(*packages))
