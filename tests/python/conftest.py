"""Shared fixtures: the CLI binary and a LocalCluster started once per session."""

import os

import pytest


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("CABLESPICE_CLI")
    if not path or not os.path.exists(path):
        pytest.skip("CABLESPICE_CLI is not set to the built cablespice executable")
    return path


@pytest.fixture(scope="session")
def dask_client():
    distributed = pytest.importorskip("distributed")
    import dask
    # A loaded 2-core machine (ctest -j2) can take longer than the default 30 s to start and
    # connect two worker processes.
    dask.config.set({"distributed.comm.timeouts.connect": "120s", "distributed.comm.timeouts.tcp": "120s"})
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()
