"""`logistics packages mark`: packages marked at receipt from the command line, shown by `packages list`."""
from __future__ import annotations

from tests.packages.receiving import packed_and_delivered


def test_packages_are_marked_and_listed_with_their_state_and_a_refusal_names_the_package(runner, make):
    packed = packed_and_delivered(make)

    marked = runner.invoke(args=["packages", "mark", packed.reference, packed.cartons[0], "--state", "damaged",
                                 "--note", "lid torn"])
    assert marked.exit_code == 0, marked.output
    listed = runner.invoke(args=["packages", "list", packed.reference])
    assert f"{packed.cartons[0]}\tcarton" in listed.output and "damaged (damaged: lid torn)" in listed.output
    assert f"arrived (with {packed.pallet})" in listed.output

    refused = runner.invoke(args=["packages", "mark", packed.reference, "PKG-NOPE", packed.cartons[1],
                                  "--state", "missing"])
    assert refused.exit_code == 1
    assert f"no package 'PKG-NOPE' is on shipment {packed.reference}" in refused.stderr
    assert "missing" not in runner.invoke(args=["packages", "list", packed.reference]).output  # none of them
