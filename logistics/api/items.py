"""The item catalogue: staff and managers read and write it."""
from __future__ import annotations

from flask.views import MethodView

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import Blueprint, page
from logistics.domain.access import STAFF_ROLES
from logistics.schemas.items import ItemInSchema, ItemQuerySchema, ItemSchema
from logistics.services import items as service

PREFIX = "/items"
blp = Blueprint("items", __name__, description="The item catalogue")


@blp.route("")
class Items(MethodView):
    """The item collection."""

    @require(*STAFF_ROLES)
    @blp.arguments(ItemQuerySchema, location="query")
    @blp.response(200, ItemSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List items."""
        return page(service.list_items(db.session(), **filters), pagination_parameters)

    @require(*STAFF_ROLES)
    @blp.arguments(ItemInSchema)
    @blp.response(201, ItemSchema)
    def post(self, data):
        """Add an item with its packs and unit mass."""
        return service.create_item(db.session(), current_actor(), data)


@blp.route("/<int:item_id>")
class ItemById(MethodView):
    """One item."""

    @require(*STAFF_ROLES)
    @blp.response(200, ItemSchema)
    def get(self, item_id):
        """Read an item."""
        return service.get_item(db.session(), item_id)

    @require(*STAFF_ROLES)
    @blp.arguments(ItemInSchema(partial=True))
    @blp.response(200, ItemSchema)
    def patch(self, data, item_id):
        """Change an item (packs in use cannot change size)."""
        return service.update_item(db.session(), current_actor(), item_id, data)
