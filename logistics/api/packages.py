"""Packages of a shipment (created in bulk), each package by number or SSCC, and the package types.

A partner reads the packages of their own shipments (404 otherwise); only staff write, and
only admins add package types. Writes answer with the shipment's packages and its new ETag.
"""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import Blueprint, etag, list_page, requested_page
from logistics.domain.access import ALL_ROLES, STAFF_ROLES
from logistics.domain.package_views import PackageView
from logistics.domain.packages import AddPackages, CreatePackageType, UpdatePackage
from logistics.domain.roles import Role
from logistics.schemas.packages import (
    AddPackagesInSchema,
    PackagePageQuerySchema,
    PackagePatchInSchema,
    PackageSchema,
    PackagesSchema,
    PackageTypeInSchema,
    PackageTypeSchema,
)
from logistics.services import package_reads, package_types, packages

PREFIX = ""
blp = Blueprint("packages", __name__, description="Packages (pallets, cartons, ...) and package types")


def _one(number: str) -> PackageView:
    """Return one package as read, after a change or on its own."""
    session, actor = db.session(), current_actor()
    package = packages.find_package(session, actor, number)
    view = package_reads.shipment_packages(session, actor, package.shipment_id)
    return next(found for found in view.packages if found.id == package.id)


@blp.route("/shipments/<key>/packages")
class ShipmentPackages(MethodView):
    """A shipment's packages."""

    @require(*ALL_ROLES)
    @blp.arguments(PackagePageQuerySchema, location="query")
    @blp.response(200, PackagesSchema)
    @blp.paginate(page_size=package_reads.PAGE_SIZE, max_page_size=package_reads.PAGE_SIZE)
    def get(self, args, key, pagination_parameters):
        """List a shipment's packages in the order packed, a page at a time (next_cursor), with totals."""
        view, found = package_reads.package_page(
            db.session(), current_actor(), key, pagination_parameters.page_size, cursor=args.get("cursor"),
            page=requested_page(pagination_parameters))
        list_page(found, pagination_parameters)
        return view, 200, etag(view.version)

    @require(*STAFF_ROLES)
    @blp.arguments(AddPackagesInSchema)
    @blp.response(201, PackagesSchema)
    def post(self, command: AddPackages, key):
        """Create packages in bulk, e.g. 14 pallets of 40 cartons of 4 box each (all or nothing)."""
        session, actor = db.session(), current_actor()
        packages.add_packages(session, actor, key, command, current_app.config.get("GS1_COMPANY_PREFIX"))
        view = package_reads.shipment_packages(session, actor, key)
        return view, 201, etag(view.version)


@blp.route("/packages/<number>")
class PackageByNumber(MethodView):
    """One package, by number or SSCC."""

    @require(*ALL_ROLES)
    @blp.response(200, PackageSchema)
    def get(self, number):
        """Read a package with its contents."""
        return _one(number)

    @require(*STAFF_ROLES)
    @blp.arguments(PackagePatchInSchema)
    @blp.response(200, PackageSchema)
    def patch(self, change: UpdatePackage, number):
        """Change a package's type, gross mass, dimensions, SSCC, parent or contents."""
        package = packages.update_package(db.session(), current_actor(), number, change)
        return _one(package.number)

    @require(*STAFF_ROLES)
    @blp.response(204)
    def delete(self, number):
        """Remove a package with its contents and the packages in it (before dispatch only)."""
        packages.delete_package(db.session(), current_actor(), number)


@blp.route("/package-types")
class PackageTypes(MethodView):
    """The package types."""

    @require(*ALL_ROLES)
    @blp.response(200, PackageTypeSchema(many=True))
    def get(self):
        """List the package types."""
        return package_types.list_types(db.session())

    @require(Role.ADMIN)
    @blp.arguments(PackageTypeInSchema)
    @blp.response(201, PackageTypeSchema)
    def post(self, command: CreatePackageType):
        """Add a package type (admins)."""
        return package_types.create_type(db.session(), current_actor(), command)
