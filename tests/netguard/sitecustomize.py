"""Loaded by every Python process that has tests/netguard on PYTHONPATH (the notebook kernels of the
test suite): blocks off-machine connections when COURSE_NETWORK_GUARD=1."""

import netguard

netguard.install_if_enabled()
