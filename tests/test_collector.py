import gc

import pytest

from models.collector import collector_paused, paused_until_built


@pytest.fixture(autouse=True)
def collector_running():
    gc.enable()
    yield
    gc.unfreeze()
    gc.enable()


def test_the_collector_is_paused_in_the_block_and_runs_again_after():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_what_is_built_is_left_out_of_sweeps_once_built_and_swept_again_after():
    with paused_until_built() as built:
        assert not gc.isenabled()
        records = [[n] for n in range(1000)]
        assert gc.get_freeze_count() == 0
        built()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(records)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_block_left_before_anything_was_built_resumes_the_collector():
    with pytest.raises(RuntimeError), paused_until_built():
        raise RuntimeError("reading failed")
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_collector_that_was_off_is_not_started_by_a_run():
    gc.disable()
    with paused_until_built() as built:
        built()
        assert not gc.isenabled()
    assert not gc.isenabled()
