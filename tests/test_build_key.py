"""The build key of incremental builds: what changes it, what does not, and when published files answer to it."""

import hashlib
import json
import shutil

import pytest

from kpilib._driver import cache
from kpilib._driver.build import SUFFIXES, template_path
from kpilib._inputs import limits
from kpilib._inputs.errors import ProblemList
from kpilib._inputs.months import Month

from .conftest import PARAMS

MARCH = Month.parse("2024-03")
PARTS = {
    "inputs": {"params/demo/actuals.csv": "a" * 64, "params/demo/council.yml": "b" * 64},
    "template": "c" * 64,
    "code": "d" * 64,
    "environment": "e" * 64,
    "parameters": {"council": "demo", "month": "2024-03"},
}


def key(**changes):
    return cache.build_key(**{**PARTS, **changes})


@pytest.mark.parametrize(
    "change",
    [
        {"inputs": {**PARTS["inputs"], "params/demo/actuals.csv": "f" * 64}},  # a file's bytes
        {"inputs": {**PARTS["inputs"], "params/demo/narrative/2024-03.ipynb": "f" * 64}},  # a file now read
        {"inputs": {"params/demo/council.yml": "b" * 64}},  # a file no longer read
        {"template": "f" * 64},
        {"code": "f" * 64},
        {"environment": "f" * 64},
        {"parameters": {"council": "demo", "month": "2024-02"}},
        {"parameters": {**PARTS["parameters"], "draft": "yes"}},  # an extra -p parameter
    ],
    ids=["input bytes", "input added", "input removed", "template", "code", "environment", "month", "parameter"],
)
def test_each_part_changes_the_key(change):
    assert key(**change) != key()


def test_the_order_files_were_read_in_does_not_change_the_key():
    backwards = dict(reversed(PARTS["inputs"].items()))
    assert list(backwards) != list(PARTS["inputs"])
    assert key(inputs=backwards) == key()
    assert key() == key()  # and it is the same on every call: no time or randomness in it
    assert len(key()) == 64 and int(key(), 16)


def test_where_the_params_folder_lies_does_not_change_the_key():
    template = template_path("contract")
    here = cache.paper_key(PARTS["inputs"], template, {**PARTS["parameters"], "params_root": "/tmp/a/params"})
    there = cache.paper_key(PARTS["inputs"], template, {**PARTS["parameters"], "params_root": "/srv/b/params"})
    assert here == there == cache.paper_key(PARTS["inputs"], template, PARTS["parameters"])


def test_the_code_digest_follows_every_file_of_the_package_but_not_compiled_caches(tmp_path):
    package = tmp_path / "pkg"
    shutil.copytree(cache.PACKAGE / "_driver", package, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache.code_digest(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "cache.cpython-311.pyc").write_bytes(b"compiled")
    assert cache._code_digest.__wrapped__(package.resolve()) == before  # computed afresh, caches ignored
    source = package / "cache.py"
    source.write_text(source.read_text() + "\n# a comment\n")
    assert cache._code_digest.__wrapped__(package.resolve()) != before
    source.rename(package / "renamed.py")
    renamed = cache._code_digest.__wrapped__(package.resolve())
    source.with_name("renamed.py").rename(source)
    assert renamed != cache._code_digest.__wrapped__(package.resolve())


def test_the_code_digest_is_computed_once_per_process():
    assert cache.code_digest() == cache.code_digest()
    assert cache._code_digest.cache_info().hits >= 1


def test_the_environment_digest_follows_the_pins_and_the_python_version(tmp_path):
    pins = tmp_path / "requirements.txt"
    pins.write_text("papermill==2.6.0\n")
    before = cache.environment_digest(pins, "cpython 3.11.7")
    assert cache.environment_digest(pins, "cpython 3.11.7") == before
    assert cache.environment_digest(pins, "cpython 3.12.1") != before
    pins.write_text("papermill==2.6.1\n")
    assert cache.environment_digest(pins, "cpython 3.11.7") != before


def test_ledgers_nest_so_the_driver_sees_what_the_loader_read(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("x\n")
    second.write_text("y\n")
    with limits.recording() as outer:
        limits.read_bounded(first, 100, ProblemList(first))
        with limits.recording() as inner:
            limits.read_bounded(second, 100, ProblemList(second))
    assert set(inner) == {second}
    assert set(outer) == {first, second}
    assert outer[second] == inner[second]


def test_a_file_read_through_a_link_out_of_the_councils_folder_is_never_trusted(tmp_path):
    root = tmp_path / "params"
    shutil.copytree(PARAMS / "demo", root / "demo")
    _, outside = cache.read_watched("demo", root, MARCH)
    assert not outside
    shared = tmp_path / "shared-actuals.csv"
    shutil.move(root / "demo" / "actuals.csv", shared)
    (root / "demo" / "actuals.csv").symlink_to(shared)
    inputs, outside = cache.read_watched("demo", root, MARCH)
    assert outside
    assert "params/demo/actuals.csv" not in inputs.digests  # what provenance, and so the key, would miss


@pytest.fixture
def published(tmp_path):
    """Demo's inputs and an outputs folder holding files whose provenance record carries their build key."""
    root = tmp_path / "params"
    shutil.copytree(PARAMS / "demo", root / "demo")
    inputs, _ = cache.read_watched("demo", root, MARCH)
    outputs = tmp_path / "outputs"
    folder = outputs / "2024-03"
    folder.mkdir(parents=True)
    for suffix in SUFFIXES[:-1]:
        (folder / f"demo{suffix}").write_text(f"the {suffix} of a build\n")
    parameters = cache.template_parameters("demo", MARCH, root, {})
    record = {
        "build_key": cache.paper_key(inputs.digests, cache.notebook_of(inputs), parameters),
        "outputs": cache.output_digests(folder, "demo"),
    }
    (folder / "demo.provenance.json").write_text(json.dumps(record))
    assert cache.up_to_date(inputs, root, outputs, {}, SUFFIXES)
    return inputs, root, outputs, folder


def test_published_files_answer_to_the_key_until_an_extra_parameter_is_given(published):
    inputs, root, outputs, _ = published
    assert not cache.up_to_date(inputs, root, outputs, {"draft": "yes"}, SUFFIXES)
    assert not cache.up_to_date(inputs, root, None, {}, SUFFIXES)  # no outputs folder: nothing is up to date


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_deleted_output_is_not_up_to_date(published, suffix):
    inputs, root, outputs, folder = published
    (folder / f"demo{suffix}").unlink()
    assert not cache.up_to_date(inputs, root, outputs, {}, SUFFIXES)


@pytest.mark.parametrize("suffix", cache.CHECKED)
def test_an_output_edited_by_hand_is_not_up_to_date(published, suffix):
    inputs, root, outputs, folder = published
    with open(folder / f"demo{suffix}", "a") as handle:
        handle.write("edited\n")
    assert not cache.up_to_date(inputs, root, outputs, {}, SUFFIXES)


def test_a_record_without_a_key_or_unreadable_is_not_up_to_date(published):
    inputs, root, outputs, folder = published
    record = folder / "demo.provenance.json"
    record.write_text(json.dumps({**json.loads(record.read_text()), "build_key": None}))
    assert not cache.up_to_date(inputs, root, outputs, {}, SUFFIXES)
    record.write_text("{ half a record")
    assert not cache.up_to_date(inputs, root, outputs, {}, SUFFIXES)


def test_bytes_handed_over_are_read_instead_of_the_file_and_only_once(tmp_path):
    path = tmp_path / "actuals.csv"
    path.write_bytes(b"on disk")
    with limits.recording() as ledger, limits.handing_over({path.resolve(): b"handed"}):
        assert limits.read_bounded(path, 100, ProblemList(path)) == b"handed"
        assert limits.read_bounded(path, 100, ProblemList(path)) == b"on disk"
    assert ledger[path] == hashlib.sha256(b"on disk").hexdigest()  # the last read is what the ledger keeps
